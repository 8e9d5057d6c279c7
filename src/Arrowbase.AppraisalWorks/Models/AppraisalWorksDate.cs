using System.Globalization;
using System.Text.Json.Serialization;
using Arrowbase.AppraisalWorks.Json;

namespace Arrowbase.AppraisalWorks;

/// <summary>
/// A date as AppraisalWorks sends it: the raw text (written back unchanged) and, when it could be understood, its
/// value. The documented forms are <c>2022-04-12 16:32:25Z</c>, <c>12/22/2023</c>, <c>2022-08-15</c>,
/// <c>11/1/2021 12:00PM EST</c> and <c>2021-11-03 11:01 AM EST</c>; US zone abbreviations (EST, EDT, CST, CDT,
/// MST, MDT, PST, PDT, AKST, AKDT, HST, UTC, GMT) are understood; a form without a zone is read as UTC.
/// </summary>
[JsonConverter(typeof(AppraisalWorksDateConverter))]
public readonly struct AppraisalWorksDate : IEquatable<AppraisalWorksDate>
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd h:mm tt", "yyyy-MM-dd h:mmtt", "yyyy-MM-dd",
        "M/d/yyyy h:mmtt", "M/d/yyyy h:mm tt", "M/d/yyyy h:mm:ss tt", "M/d/yyyy h:mm:sstt", "M/d/yyyy HH:mm", "M/d/yyyy HH:mm:ss", "M/d/yyyy",
    ];

    private static readonly Dictionary<string, TimeSpan> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTC"] = TimeSpan.Zero, ["GMT"] = TimeSpan.Zero, ["Z"] = TimeSpan.Zero,
        ["EST"] = TimeSpan.FromHours(-5), ["EDT"] = TimeSpan.FromHours(-4),
        ["CST"] = TimeSpan.FromHours(-6), ["CDT"] = TimeSpan.FromHours(-5),
        ["MST"] = TimeSpan.FromHours(-7), ["MDT"] = TimeSpan.FromHours(-6),
        ["PST"] = TimeSpan.FromHours(-8), ["PDT"] = TimeSpan.FromHours(-7),
        ["AKST"] = TimeSpan.FromHours(-9), ["AKDT"] = TimeSpan.FromHours(-8),
        ["HST"] = TimeSpan.FromHours(-10),
    };

    private AppraisalWorksDate(string raw, DateTimeOffset? value)
    {
        Raw = raw;
        Value = value;
    }

    /// <summary>Gets the text exactly as sent or as it will be written.</summary>
    public string Raw { get => field ?? string.Empty; }

    /// <summary>Gets the instant the text denotes, or null when it is empty or in an unknown form.</summary>
    public DateTimeOffset? Value { get; }

    /// <summary>Gets a value indicating whether <see cref="Raw"/> was understood.</summary>
    public bool HasValue => Value.HasValue;

    /// <summary>Parses a date tolerantly, keeping its raw text; never throws on an unknown form.</summary>
    /// <param name="raw">The text.</param>
    /// <returns>The date; <see cref="Value"/> is null when the form is unknown.</returns>
    public static AppraisalWorksDate Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return new AppraisalWorksDate(raw, TryParseValue(raw.Trim()));
    }

    /// <summary>Creates a UTC timestamp in the form <c>yyyy-MM-dd HH:mm:ssZ</c>.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>The date.</returns>
    public static AppraisalWorksDate FromUtc(DateTimeOffset value) =>
        new(AppraisalWorksSignature.FormatTimestamp(value), new DateTimeOffset(value.UtcDateTime, TimeSpan.Zero));

    /// <summary>Creates a calendar date in the order form <c>M/d/yyyy</c> (as <c>requestedDueDate</c> shows: <c>12/22/2023</c>).</summary>
    /// <param name="date">The date.</param>
    /// <returns>The date.</returns>
    public static AppraisalWorksDate FromDate(DateOnly date) =>
        new(date.ToString("M/d/yyyy", CultureInfo.InvariantCulture), new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>Creates an appointment time in the form <c>1/1/2021 12:00PM EST</c>.</summary>
    /// <param name="localTime">The wall-clock time in the zone.</param>
    /// <param name="zoneAbbreviation">A US zone abbreviation such as <c>EST</c>.</param>
    /// <returns>The date.</returns>
    /// <exception cref="ArgumentException">The zone abbreviation is unknown.</exception>
    public static AppraisalWorksDate FromAppointment(DateTime localTime, string zoneAbbreviation)
    {
        ArgumentException.ThrowIfNullOrEmpty(zoneAbbreviation);
        if (!Zones.TryGetValue(zoneAbbreviation, out var offset))
        {
            throw new ArgumentException("Unknown time zone abbreviation; use EST, EDT, CST, CDT, MST, MDT, PST, PDT, AKST, AKDT, HST or UTC.", nameof(zoneAbbreviation));
        }

        string raw = localTime.ToString("M/d/yyyy h:mmtt", CultureInfo.InvariantCulture) + " " + zoneAbbreviation.ToUpperInvariant();
        return new AppraisalWorksDate(raw, new DateTimeOffset(DateTime.SpecifyKind(localTime, DateTimeKind.Unspecified), offset));
    }

    /// <summary>Gets whether <see cref="Raw"/> is in the order form the document shows for <c>requestedDueDate</c>: <c>M/d/yyyy</c> (<c>12/22/2023</c>).</summary>
    internal bool IsOrderDateForm =>
        DateTime.TryParseExact(Raw, "M/d/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>Gets whether <see cref="Raw"/> is in the appointment form the document shows: <c>M/d/yyyy h:mmtt ZONE</c> (<c>1/1/2021 12:00PM EST</c>).</summary>
    internal bool IsAppointmentForm
    {
        get
        {
            int space = Raw.LastIndexOf(' ');
            return space > 0 && Zones.ContainsKey(Raw[(space + 1)..]) && Raw[(space + 1)..] != "Z"
                && DateTime.TryParseExact(Raw[..space], "M/d/yyyy h:mmtt", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        }
    }

    private static DateTimeOffset? TryParseValue(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var offset = TimeSpan.Zero;
        int space = text.LastIndexOf(' ');
        if (space > 0 && Zones.TryGetValue(text[(space + 1)..], out var zone))
        {
            offset = zone;
            text = text[..space].TrimEnd();
        }

        if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var any) ? any : null;
    }

    /// <inheritdoc />
    public bool Equals(AppraisalWorksDate other) => string.Equals(Raw, other.Raw, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AppraisalWorksDate other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Raw);

    /// <inheritdoc />
    public override string ToString() => Raw;

    /// <summary>Compares two dates by their raw text.</summary>
    /// <param name="left">The left date.</param>
    /// <param name="right">The right date.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(AppraisalWorksDate left, AppraisalWorksDate right) => left.Equals(right);

    /// <summary>Compares two dates by their raw text.</summary>
    /// <param name="left">The left date.</param>
    /// <param name="right">The right date.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(AppraisalWorksDate left, AppraisalWorksDate right) => !left.Equals(right);
}
