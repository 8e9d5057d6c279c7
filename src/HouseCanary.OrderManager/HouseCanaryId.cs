using System.Globalization;
using System.Text.Json.Serialization;
using HouseCanary.OrderManager.Json;

namespace HouseCanary.OrderManager;

/// <summary>
/// The one identifier type of the SDK, for orders, order items and export requests alike. The Partner document
/// quotes every id in its callouts (<c>"order_id": "&lt;order id&gt;"</c>) while the Client API answers integers
/// (<c>"id": 1234</c>): both read into the same value, kept as its text, so a callout's <see cref="Callouts.CalloutMessage.OrderId"/>
/// passes straight to <see cref="IOrderManagerClient.GetOrderAsync"/>. Written as a JSON string, as the document shows.
/// Two ids are equal when their text is (<c>"5001"</c> equals <c>5001</c>). <c>default</c> is the empty id, which no
/// call accepts.
/// </summary>
[JsonConverter(typeof(HouseCanaryIdConverter))]
public readonly struct HouseCanaryId : IEquatable<HouseCanaryId>
{
    private readonly string? _value;

    /// <summary>Initializes an id from its text.</summary>
    /// <param name="value">The id as HouseCanary sends it, such as <c>1234</c>.</param>
    /// <exception cref="ArgumentException">The text is null, empty or white space.</exception>
    public HouseCanaryId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Initializes an id from an integer (the Client API's form).</summary>
    /// <param name="value">The id.</param>
    public HouseCanaryId(long value) => _value = value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Gets the id's text; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the empty id (<c>default</c>, or absent on the wire).</summary>
    public bool IsEmpty => _value is null;

    /// <summary>Converts text to an id.</summary>
    /// <param name="value">The text.</param>
    public static implicit operator HouseCanaryId(string value) => new(value);

    /// <summary>Converts an integer to an id.</summary>
    /// <param name="value">The integer.</param>
    public static implicit operator HouseCanaryId(long value) => new(value);

    /// <summary>Compares two ids by their text.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(HouseCanaryId left, HouseCanaryId right) => left.Equals(right);

    /// <summary>Compares two ids by their text.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(HouseCanaryId left, HouseCanaryId right) => !left.Equals(right);

    /// <summary>Creates an id from text (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The text.</param>
    /// <returns>The id.</returns>
    public static HouseCanaryId FromString(string value) => new(value);

    /// <summary>Creates an id from an integer (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The id.</returns>
    public static HouseCanaryId FromInt64(long value) => new(value);

    /// <summary>Reads the id as an integer, when it is one.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>True when the text is an integer.</returns>
    public bool TryGetInt64(out long value) =>
        long.TryParse(_value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <inheritdoc />
    public bool Equals(HouseCanaryId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is HouseCanaryId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Returns the id's text (empty for the empty id).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value;

    /// <summary>The id as one escaped URL path segment; refuses the empty id.</summary>
    internal string ToPathSegment(string paramName) =>
        IsEmpty ? throw new ArgumentException("The id is empty (default); pass the id HouseCanary returned.", paramName) : Uri.EscapeDataString(_value!);
}
