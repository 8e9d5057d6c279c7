using System.IO.Compression;
using System.Text.Json;
using HouseCanary.OrderManager.Json;
using HouseCanary.OrderManager.Models;

namespace HouseCanary.OrderManager.Exports;

/// <summary>
/// Reads a downloaded export (the zip of <see cref="IOrderManagerClient.DownloadExportAsync"/>): each item's files
/// grouped by their <c>order_item_file_prefix</c>, with its <c>{prefix}_OrderItem.json</c> and its report PDF, plus
/// <c>Order.json</c> when the export has one. The report PDF is the document's <c>{prefix}_ValueReport.pdf</c> or the
/// <c>{prefix}_AgileInsights.pdf</c> that public exports carry (any other <c>{prefix}_{Type}.pdf</c> is taken last).
/// Entries are read in place, never written to disk by their archive names; entries under one top-level
/// <c>HC_…</c> folder are read as if at the root. Not thread-safe; dispose it to close the archive.
/// </summary>
public sealed class ExportArchive : IDisposable
{
    /// <summary>The most entries an export may hold (a guard against a hostile archive): 100,000.</summary>
    public const int MaxEntries = 100_000;

    /// <summary>The name of the order's own JSON file in public exports.</summary>
    public const string OrderJsonName = "Order.json";

    private const string OrderItemJsonSuffix = "OrderItem.json";
    private static readonly string[] ReportPdfTypes = ["ValueReport", "AgileInsights"];

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ExportItemFiles> _byPrefix;

    private ExportArchive(ZipArchive zip)
    {
        _zip = zip;
        if (zip.Entries.Count > MaxEntries)
        {
            throw new InvalidDataException($"The export holds {zip.Entries.Count} entries, more than {MaxEntries}; it was not read.");
        }

        var groups = new Dictionary<string, List<ExportFile>>(StringComparer.Ordinal);
        var order = new List<string>();
        var others = new List<ExportFile>();
        ExportFile? orderJson = null;
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
            {
                continue; // a folder entry
            }

            var file = new ExportFile(entry, LocalName(entry.FullName));
            if (string.Equals(file.Name, OrderJsonName, StringComparison.OrdinalIgnoreCase))
            {
                orderJson ??= file;
                continue;
            }

            int split = file.Name.LastIndexOf('_');
            if (split <= 0 || split == file.Name.Length - 1)
            {
                others.Add(file);
                continue;
            }

            string prefix = file.Name[..split];
            if (!groups.TryGetValue(prefix, out var list))
            {
                groups[prefix] = list = [];
                order.Add(prefix);
            }

            list.Add(file);
        }

        OrderJson = orderJson;
        OtherFiles = others;
        Items = [.. order.Select(prefix => new ExportItemFiles(prefix, groups[prefix]))];
        _byPrefix = Items.ToDictionary(i => i.Prefix, StringComparer.Ordinal);
    }

    /// <summary>Gets <c>Order.json</c>, or null when the export has none (the Partner document lists none).</summary>
    public ExportFile? OrderJson { get; }

    /// <summary>Gets each item's files, grouped by prefix, in the order the archive lists them.</summary>
    public IReadOnlyList<ExportItemFiles> Items { get; }

    /// <summary>Gets the entries that are neither <c>Order.json</c> nor named <c>{prefix}_{suffix}</c>.</summary>
    public IReadOnlyList<ExportFile> OtherFiles { get; }

    /// <summary>Opens an export from a seekable stream (a file): the archive is read in place, not copied into memory.</summary>
    /// <param name="zip">The export's bytes; it must be readable and seekable.</param>
    /// <param name="leaveOpen">True to leave <paramref name="zip"/> open when this archive is disposed.</param>
    /// <returns>The archive.</returns>
    /// <exception cref="ArgumentException">The stream cannot be read or seek (download the export to a file first).</exception>
    /// <exception cref="InvalidDataException">The bytes are not a zip archive, or it holds more than <see cref="MaxEntries"/> entries.</exception>
    public static ExportArchive Open(Stream zip, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(zip);
        if (!zip.CanRead || !zip.CanSeek)
        {
            throw new ArgumentException("The export stream must be readable and seekable; download the export to a file (DownloadExportAsync into a FileStream) and open that.", nameof(zip));
        }

        var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen);
        try
        {
            return new ExportArchive(archive);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>Opens an export file.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The archive, which owns the file handle.</returns>
    /// <exception cref="InvalidDataException">The file is not a zip archive, or it holds too many entries.</exception>
    public static ExportArchive Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = File.OpenRead(path);
        try
        {
            return Open(file, leaveOpen: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Finds an item's files by its prefix, such as <c>loan-1_2026-11-23</c>.</summary>
    /// <param name="prefix">The <c>order_item_file_prefix</c> (see <see cref="ExportNaming.OrderItemFilePrefix(OrderItem, Order)"/>).</param>
    /// <returns>The item's files, or null when the export has none under that prefix.</returns>
    public ExportItemFiles? Find(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return _byPrefix.GetValueOrDefault(ExportNaming.ToFileNamePart(prefix));
    }

    /// <summary>Finds an order item's files by the prefix the document's rules give it.</summary>
    /// <param name="naming">The naming rules (for "today" when neither the item nor the order has a date).</param>
    /// <param name="item">The item.</param>
    /// <param name="order">Its order.</param>
    /// <returns>The item's files, or null.</returns>
    public ExportItemFiles? Find(ExportNaming naming, OrderItem item, Order order)
    {
        ArgumentNullException.ThrowIfNull(naming);
        return Find(naming.OrderItemFilePrefix(item, order));
    }

    /// <summary>Reads <c>Order.json</c> as an <see cref="Order"/>.</summary>
    /// <param name="maxBytes">The most bytes read; 4 MiB by default.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The order, or null when the export has no <c>Order.json</c>.</returns>
    /// <exception cref="InvalidDataException">The file is larger than <paramref name="maxBytes"/> or not an order's JSON.</exception>
    public async Task<Order?> ReadOrderAsync(int maxBytes = ExportFile.DefaultMaxJsonBytes, CancellationToken cancellationToken = default)
    {
        if (OrderJson is null)
        {
            return null;
        }

        byte[] json = await OrderJson.ReadAllBytesAsync(maxBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(json, OrderManagerJsonContext.Default.Order);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{OrderJson.Name} is not an order's JSON (at {ex.Path}): {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _zip.Dispose();

    // The name an entry is read under: without one leading HC_… folder (the document's tree shows the files under
    // {order_download_name}), and as one file name, so that a unit such as 4/B never reads as a folder.
    private static string LocalName(string fullName)
    {
        string name = fullName.Replace('\\', '/');
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && name.StartsWith("HC_", StringComparison.Ordinal))
        {
            name = name[(slash + 1)..];
        }

        return ExportNaming.ToFileNamePart(name);
    }

    internal static bool IsReportPdf(string suffix, out string? type)
    {
        type = null;
        if (!suffix.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || suffix.Length <= 4)
        {
            return false;
        }

        type = suffix[..^4];
        return true;
    }

    internal static int ReportRank(string type)
    {
        int index = Array.FindIndex(ReportPdfTypes, t => string.Equals(t, type, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? ReportPdfTypes.Length : index;
    }

    internal static bool IsOrderItemJson(string suffix) => string.Equals(suffix, OrderItemJsonSuffix, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One item's files in an export: everything named <c>{Prefix}_{suffix}</c>.</summary>
public sealed class ExportItemFiles
{
    internal ExportItemFiles(string prefix, IReadOnlyList<ExportFile> files)
    {
        Prefix = prefix;
        Files = files;
        foreach (var file in files)
        {
            string suffix = file.Name[(prefix.Length + 1)..];
            if (ExportArchive.IsOrderItemJson(suffix))
            {
                OrderItemJson ??= file;
            }
            else if (ExportArchive.IsReportPdf(suffix, out string? type)
                && (Pdf is null || ExportArchive.ReportRank(type!) < ExportArchive.ReportRank(ReportType!)))
            {
                Pdf = file;
                ReportType = type;
            }
        }
    }

    /// <summary>Gets the item's <c>order_item_file_prefix</c>, such as <c>loan-1_2026-11-23</c>.</summary>
    public string Prefix { get; }

    /// <summary>Gets <c>{prefix}_OrderItem.json</c>, or null (the export was made with <c>exclude_json=true</c>).</summary>
    public ExportFile? OrderItemJson { get; }

    /// <summary>
    /// Gets the report PDF: <c>{prefix}_ValueReport.pdf</c> (the Partner document's name), else
    /// <c>{prefix}_AgileInsights.pdf</c> (public exports), else any other <c>{prefix}_{Type}.pdf</c>; or null.
    /// </summary>
    public ExportFile? Pdf { get; }

    /// <summary>Gets the report type its PDF's name states (<c>ValueReport</c>, <c>AgileInsights</c>, ...), or null without a PDF.</summary>
    public string? ReportType { get; }

    /// <summary>Gets every file of this item, including any report JSON, in archive order.</summary>
    public IReadOnlyList<ExportFile> Files { get; }

    /// <summary>Reads the item's <c>_OrderItem.json</c> as an <see cref="OrderItem"/>.</summary>
    /// <param name="maxBytes">The most bytes read; 4 MiB by default.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The item, or null when the export has no JSON for it.</returns>
    /// <exception cref="InvalidDataException">The file is larger than <paramref name="maxBytes"/> or not an item's JSON.</exception>
    public async Task<OrderItem?> ReadOrderItemAsync(int maxBytes = ExportFile.DefaultMaxJsonBytes, CancellationToken cancellationToken = default)
    {
        if (OrderItemJson is null)
        {
            return null;
        }

        byte[] json = await OrderItemJson.ReadAllBytesAsync(maxBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(json, OrderManagerJsonContext.Default.OrderItem);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{OrderItemJson.Name} is not an order item's JSON (at {ex.Path}): {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Prefix} ({Files.Count} files{(Pdf is null ? ", no PDF" : ", " + ReportType + " PDF")})";
}

/// <summary>One file of an export.</summary>
public sealed class ExportFile
{
    /// <summary>The most bytes <see cref="ReadAllBytesAsync"/> reads by default: 4 MiB.</summary>
    public const int DefaultMaxJsonBytes = 4 * 1024 * 1024;

    private readonly ZipArchiveEntry _entry;

    internal ExportFile(ZipArchiveEntry entry, string name)
    {
        _entry = entry;
        Name = name;
    }

    /// <summary>Gets the file's name as one safe file name (see <see cref="ExportNaming.ToFileNamePart"/>); use it to save the file.</summary>
    public string Name { get; }

    /// <summary>Gets the entry's name exactly as the archive holds it (never use it as a path).</summary>
    public string EntryName => _entry.FullName;

    /// <summary>Gets the uncompressed size the archive declares.</summary>
    public long Length => _entry.Length;

    /// <summary>Opens the file's decompressed bytes for reading (one open stream per archive at a time).</summary>
    /// <returns>The stream; dispose it.</returns>
    public Stream Open() => _entry.Open();

    /// <summary>Reads the whole file, refusing one larger than <paramref name="maxBytes"/>.</summary>
    /// <param name="maxBytes">The most bytes read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="InvalidDataException">The file is larger than <paramref name="maxBytes"/>.</exception>
    public async Task<byte[]> ReadAllBytesAsync(int maxBytes = DefaultMaxJsonBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (_entry.Length > maxBytes)
        {
            throw new InvalidDataException($"{Name} is {_entry.Length} bytes, more than the {maxBytes} allowed.");
        }

        var stream = _entry.Open();
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream((int)_entry.Length);
            byte[] chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    // The declared size was a lie (a hostile archive): stop at the cap.
                    throw new InvalidDataException($"{Name} decompresses to more than the {maxBytes} bytes allowed.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Length} bytes)";
}
