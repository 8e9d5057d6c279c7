using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Arrowbase.AppraisalWorks.Json;

namespace Arrowbase.AppraisalWorks.Postbacks;

/// <summary>
/// A postback notification <c>{"apiEvent":{"transactionUID","eventName","detailId","path"}}</c>, with its event
/// recognised here, in the parsing layer, so that every processor receives it resolved (<see cref="KnownName"/>,
/// <see cref="RecognizedBy"/>, <see cref="Route"/>). The document defines <c>eventName</c> only as a "text description
/// of the event code", so it is matched against each event's <see cref="PostbackEventNames.Spellings"/> ignoring case,
/// spaces and dashes; when it names no event but <see cref="Path"/> is exactly the route of a documented event for the
/// same transactionUID and detailId, that event is taken. The path itself is never followed: <see cref="PostbackRoute"/>
/// rebuilds the route from the parsed parts. Anything still unknown parses with <see cref="IsKnown"/> false.
/// </summary>
public sealed class PostbackEvent
{
    /// <summary>Initializes an event.</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="eventName">The event name as sent.</param>
    /// <param name="detailId">The detail identifier (0 when the route has no detail segment).</param>
    /// <param name="path">The path as sent, or null.</param>
    public PostbackEvent(string transactionUid, string eventName, long detailId, string? path)
    {
        TransactionUid = transactionUid;
        EventName = eventName;
        DetailId = detailId;
        Path = path;
        string? byName = PostbackEventNames.Normalize(eventName);
        string? byPath = PostbackRoute.EventOfPath(transactionUid, detailId, path);
        if (byName is not null)
        {
            // "Inspection Appointment" heads both Scheduled and Rescheduled: the route tells which.
            KnownName = byName == PostbackEventNames.Scheduled && byPath == PostbackEventNames.Rescheduled && IsInspectionAppointment(eventName)
                ? PostbackEventNames.Rescheduled
                : byName;
            RecognizedBy = PostbackEventRecognition.EventName;
        }
        else if (byPath is not null)
        {
            KnownName = byPath;
            RecognizedBy = PostbackEventRecognition.Path;
        }
    }

    /// <summary>Gets the order's transactionUID.</summary>
    public string TransactionUid { get; }

    /// <summary>Gets the event name as sent.</summary>
    public string EventName { get; }

    /// <summary>Gets the documented event (a <see cref="PostbackEventNames"/> constant, its route segment), or null when unknown.</summary>
    public string? KnownName { get; }

    /// <summary>Gets a value indicating whether the event was recognised (by its name or, failing that, its path).</summary>
    public bool IsKnown => KnownName is not null;

    /// <summary>Gets how the event was recognised: by <see cref="EventName"/>, by <see cref="Path"/>, or not at all.</summary>
    public PostbackEventRecognition RecognizedBy { get; }

    /// <summary>
    /// Gets the route to fetch the event's details from, rebuilt from the parsed parts (<c>/Orders/{uid}/{Event}[/{detailId}]</c>),
    /// or null when the event is unknown or its transactionUID is unsafe. It is not checked against the sent
    /// <see cref="Path"/>; <see cref="PostbackRoute.Verify"/> does that.
    /// </summary>
    public string? Route => IsKnown && Arrowbase.AppraisalWorks.TransactionUid.Check(TransactionUid) is null ? PostbackRoute.Build(this) : null;

    /// <summary>Gets the detail identifier; 0 means the route has no detail segment.</summary>
    public long DetailId { get; }

    /// <summary>Gets the relative path as sent (never followed as given).</summary>
    public string? Path { get; }

    /// <summary>Gets the deduplication key: transactionUID, event and detailId.</summary>
    public string DeduplicationKey => string.Create(CultureInfo.InvariantCulture, $"appraisalworks:{TransactionUid}:{KnownName ?? EventName}:{DetailId}");

    /// <summary>Parses a postback body.</summary>
    /// <param name="body">The UTF-8 JSON body.</param>
    /// <returns>The event.</returns>
    /// <exception cref="PostbackFormatException">The body is not a valid postback; the message says what is wrong.</exception>
    public static PostbackEvent Parse(ReadOnlySpan<byte> body)
    {
        PostbackEnvelope? envelope;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
            envelope = JsonSerializer.Deserialize(ref reader, AppraisalWorksJsonContext.Default.PostbackEnvelope);
        }
        catch (JsonException ex)
        {
            throw new PostbackFormatException("The postback body is not valid JSON: " + ex.Message, ex);
        }

        var e = envelope?.ApiEvent ?? throw new PostbackFormatException("The postback has no 'apiEvent' object.");
        if (string.IsNullOrWhiteSpace(e.TransactionUid))
        {
            throw new PostbackFormatException("The postback's apiEvent.transactionUID is missing.");
        }

        if (Arrowbase.AppraisalWorks.TransactionUid.Check(e.TransactionUid) is { } problem)
        {
            throw new PostbackFormatException("The postback's apiEvent.transactionUID " + problem);
        }

        if (string.IsNullOrWhiteSpace(e.EventName))
        {
            throw new PostbackFormatException("The postback's apiEvent.eventName is missing.");
        }

        long detailId = 0;
        if (!string.IsNullOrWhiteSpace(e.DetailId)
            && (!long.TryParse(e.DetailId, NumberStyles.None, CultureInfo.InvariantCulture, out detailId) || detailId < 0))
        {
            throw new PostbackFormatException("The postback's apiEvent.detailId is not a non-negative integer.");
        }

        return new PostbackEvent(e.TransactionUid, e.EventName.Trim(), detailId, e.Path);
    }

    /// <summary>Parses a postback body.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The event.</returns>
    /// <exception cref="PostbackFormatException">The body is not a valid postback.</exception>
    public static PostbackEvent Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    private static bool IsInspectionAppointment(string eventName) =>
        string.Equals(new string([.. eventName.Where(char.IsLetter)]), "InspectionAppointment", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{EventName} {TransactionUid}/{DetailId}{(IsKnown ? string.Empty : " (unknown event)")}");
}

/// <summary>How a postback's event was recognised.</summary>
public enum PostbackEventRecognition
{
    /// <summary>Not recognised: neither the name nor the path names a documented event.</summary>
    None = 0,

    /// <summary>By <c>eventName</c>, in one of the documented spellings.</summary>
    EventName = 1,

    /// <summary>By <c>path</c>: the name is unknown, the path is exactly the route of a documented event for the same transactionUID.</summary>
    Path = 2,
}

/// <summary>The wire form of a postback.</summary>
public sealed class PostbackEnvelope
{
    /// <summary>Gets the event.</summary>
    [JsonPropertyName("apiEvent")]
    public PostbackApiEvent? ApiEvent { get; init; }
}

/// <summary>The wire form of a postback's <c>apiEvent</c>.</summary>
public sealed class PostbackApiEvent
{
    /// <summary>Gets the transactionUID.</summary>
    [JsonPropertyName("transactionUID")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TransactionUid { get; init; }

    /// <summary>Gets the event name.</summary>
    [JsonPropertyName("eventName")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? EventName { get; init; }

    /// <summary>Gets the detail ID, sent as a number or a string.</summary>
    [JsonPropertyName("detailId")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DetailId { get; init; }

    /// <summary>Gets the path as sent.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A postback body is malformed (not JSON, or missing or invalid members).</summary>
public sealed class PostbackFormatException : FormatException
{
    /// <summary>Initializes an exception.</summary>
    public PostbackFormatException()
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public PostbackFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes an exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PostbackFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
