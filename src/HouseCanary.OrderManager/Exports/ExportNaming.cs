using System.Buffers;
using System.Globalization;
using System.Text;
using HouseCanary.OrderManager.Models;

namespace HouseCanary.OrderManager.Exports;

/// <summary>
/// The document's export naming rules: <c>HC_{slug(order name)}_{order_date}.{fmt}</c>, the item prefix
/// <c>{order_item_id}_{order_item_date}</c> with its fallbacks, and the valueReport layout. Thread-safe.
/// <para>
/// <b>One rule for every date</b> in a name, item and order dates alike: the calendar date, written
/// <c>yyyy-MM-dd</c>, in America/Los_Angeles (the zone the document names for "today") of the instant HouseCanary
/// sent; a bare <c>yyyy-MM-dd</c> on the wire is that date. So <c>2026-11-24T03:00:00Z</c> names
/// <c>2026-11-23</c> whether it is an item's <c>completion_date</c> or the order's <c>actual_delivery_date</c>.
/// "Today" is the same, by the injected <see cref="TimeProvider"/>.
/// </para>
/// <para>
/// <b>Names stay in their folder.</b> The document appends the unit and uses <c>customer_item_id</c> as given, so a
/// unit such as <c>4/B</c> would make a sub-folder: every character that cannot stand in a file name on some system
/// (<c>/ \ : * ? " &lt; &gt; |</c> and control characters) is written as <c>-</c>. A name built here is always one
/// file name; <see cref="ExportArchive"/> applies the same rule to the entries it reads.
/// </para>
/// </summary>
public sealed class ExportNaming
{
    private const string DateFormat = "yyyy-MM-dd";
    private static readonly SearchValues<char> Reserved = SearchValues.Create("/\\:*?\"<>|");
    private readonly TimeProvider _time;

    /// <summary>Initializes the naming rules.</summary>
    /// <param name="timeProvider">The clock for "today"; the system clock when null.</param>
    public ExportNaming(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Gets today's date in America/Los_Angeles.</summary>
    /// <returns>The date.</returns>
    public DateOnly Today() => HouseCanaryTimeZone.DateOf(_time.GetUtcNow());

    /// <summary>The one date rule of every export name: the calendar date of <paramref name="instant"/> in America/Los_Angeles.</summary>
    /// <param name="instant">The instant, such as <see cref="OrderItem.CompletionDate"/> or <see cref="Order.ActualDeliveryDate"/>.</param>
    /// <returns>The date, or null when there is no instant.</returns>
    public static DateOnly? ExportDate(DateTimeOffset? instant) => instant is { } value ? HouseCanaryTimeZone.DateOf(value) : null;

    /// <summary>
    /// Makes <paramref name="value"/> safe as (part of) one file name: each of <c>/ \ : * ? " &lt; &gt; |</c> and every
    /// control character becomes <c>-</c>; everything else is kept.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <returns>The text with no path separator or reserved character.</returns>
    public static string ToFileNamePart(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny(Reserved) < 0 && !value.Any(char.IsControl))
        {
            return value;
        }

        return string.Create(value.Length, value, static (span, text) =>
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                span[i] = char.IsControl(c) || Reserved.Contains(c) ? '-' : c;
            }
        });
    }

    /// <summary>
    /// Converts text to a slug as Django's <c>slugify</c> does: fold to ASCII (NFKD, dropping what has no ASCII
    /// form), lowercase, drop everything that is not a word character, whitespace or hyphen, collapse runs of
    /// whitespace and hyphens to one hyphen, and trim hyphens and underscores from both ends.
    /// </summary>
    /// <param name="value">The text; null gives an empty slug.</param>
    /// <returns>The slug, possibly empty.</returns>
    public static string Slugify(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // .NET's Normalize refuses invalid UTF-16 (ArgumentException); Python's NFKD keeps a lone surrogate and the
        // ASCII fold then drops it, so dropping it first gives Django's result for every string.
        string decomposed = WithoutLoneSurrogates(value).Normalize(NormalizationForm.FormKD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            if (c > 0x7F)
            {
                continue;
            }

            char lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterOrDigit(lower) || lower == '_' || lower == '-' || IsPythonAsciiSpace(lower))
            {
                kept.Append(lower);
            }
        }

        var slug = new StringBuilder(kept.Length);
        bool inRun = false;
        foreach (char c in kept.ToString())
        {
            if (c == '-' || IsPythonAsciiSpace(c))
            {
                if (!inRun)
                {
                    slug.Append('-');
                    inRun = true;
                }
            }
            else
            {
                slug.Append(c);
                inRun = false;
            }
        }

        return slug.ToString().Trim('-', '_');
    }

    private static string WithoutLoneSurrogates(string value)
    {
        if (!value.Any(char.IsSurrogate))
        {
            return value;
        }

        var valid = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                valid.Append(c).Append(value[++i]);
            }
            else if (!char.IsSurrogate(c))
            {
                valid.Append(c);
            }
        }

        return valid.ToString();
    }

    /// <summary>Builds <c>order_download_name</c>: <c>HC_{slug(name)}_{order_date}.{fmt}</c>.</summary>
    /// <param name="orderName">The order's name.</param>
    /// <param name="orderCompletedDate">The date the order completed, or null when it has not (today in Los Angeles is used).</param>
    /// <param name="format">The export format, such as <c>zip</c>.</param>
    /// <returns>The file name.</returns>
    public string OrderDownloadName(string? orderName, DateOnly? orderCompletedDate, string format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        if (!format.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("The export format must be letters and digits only, such as zip.", nameof(format));
        }

        var date = orderCompletedDate ?? Today();
        return $"HC_{Slugify(orderName)}_{date.ToString(DateFormat, CultureInfo.InvariantCulture)}.{format}";
    }

    /// <summary>Builds <c>order_download_name</c> for an order: its date is <see cref="ExportDate"/> of <see cref="Order.ActualDeliveryDate"/>.</summary>
    /// <param name="order">The order.</param>
    /// <param name="format">The export format, such as <c>zip</c>.</param>
    /// <returns>The file name.</returns>
    public string OrderDownloadName(Order order, string format)
    {
        ArgumentNullException.ThrowIfNull(order);
        return OrderDownloadName(order.Name, ExportDate(order.ActualDeliveryDate), format);
    }

    /// <summary>
    /// Builds <c>order_item_file_prefix</c>: <c>{order_item_id}_{order_item_date}</c>, where the id is
    /// <paramref name="customerItemId"/> when present, else the slugified address with <c>-{unit}</c> appended when
    /// there is a unit; and the date is the item's completion date, else the order's delivery date, else today in
    /// Los Angeles. The result is one file name (see <see cref="ToFileNamePart"/>).
    /// </summary>
    /// <param name="customerItemId">The item's <c>customer_item_id</c>, or null.</param>
    /// <param name="address">The item's street address.</param>
    /// <param name="unit">The item's unit, or null.</param>
    /// <param name="completionDate">The item's completion date (<see cref="ExportDate"/> of its instant), or null.</param>
    /// <param name="orderActualDeliveryDate">The order's delivery date (<see cref="ExportDate"/> of its instant), or null.</param>
    /// <returns>The prefix.</returns>
    public string OrderItemFilePrefix(string? customerItemId, string? address, string? unit, DateOnly? completionDate, DateOnly? orderActualDeliveryDate)
    {
        string id;
        if (!string.IsNullOrEmpty(customerItemId))
        {
            id = customerItemId;
        }
        else
        {
            // Django: slugify(address) + ('-' + unit if unit else ''); the unit is appended as given.
            id = Slugify(address) + (string.IsNullOrEmpty(unit) ? string.Empty : "-" + unit);
        }

        var date = completionDate ?? orderActualDeliveryDate ?? Today();
        return $"{ToFileNamePart(id)}_{date.ToString(DateFormat, CultureInfo.InvariantCulture)}";
    }

    /// <summary>Builds <c>order_item_file_prefix</c> for an item of an order.</summary>
    /// <param name="item">The item.</param>
    /// <param name="order">Its order (for the delivery-date fallback).</param>
    /// <returns>The prefix.</returns>
    public string OrderItemFilePrefix(OrderItem item, Order order)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(order);
        return OrderItemFilePrefix(item.CustomerItemId, item.Address, item.Unit, ExportDate(item.CompletionDate), ExportDate(order.ActualDeliveryDate));
    }

    /// <summary>
    /// Lays out a valueReport export: the archive <c>{order_download_name}</c> holding, per item,
    /// <c>{prefix}_OrderItem.json</c> (unless <paramref name="excludeJson"/>) and <c>{prefix}_ValueReport.pdf</c>.
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="items">Its items.</param>
    /// <param name="excludeJson">Whether the JSON files are left out.</param>
    /// <param name="format">The export format, <c>zip</c> by default.</param>
    /// <returns>The archive name and its entries, in item order.</returns>
    public ExportLayout ValueReportFiles(Order order, IEnumerable<OrderItem> items, bool excludeJson, string format = ExportFormats.Zip)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(items);
        var entries = new List<string>();
        foreach (var item in items)
        {
            string prefix = OrderItemFilePrefix(item, order);
            if (!excludeJson)
            {
                entries.Add(prefix + "_OrderItem.json");
            }

            entries.Add(prefix + "_ValueReport.pdf");
        }

        return new ExportLayout(OrderDownloadName(order, format), entries);
    }

    // Python's str.isspace on ASCII (what \s matches in the folded text): space, \t, \n, \v, \f, \r and \x1c-\x1f.
    private static bool IsPythonAsciiSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or (>= '\x1c' and <= '\x1f');
}

/// <summary>An export's archive name and the entries inside it.</summary>
/// <param name="ArchiveName">The archive's file name, <c>HC_{slug}_{date}.{fmt}</c>.</param>
/// <param name="Entries">The entries, such as <c>loan-1_2026-11-23_ValueReport.pdf</c>.</param>
public sealed record ExportLayout(string ArchiveName, IReadOnlyList<string> Entries);
