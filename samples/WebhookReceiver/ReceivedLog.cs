using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebhookReceiver;

/// <summary>One processed message, as <c>GET /received</c> lists it.</summary>
/// <param name="Source"><c>housecanary</c> or <c>appraisalworks</c>.</param>
/// <param name="Type">The callout's message_type or the postback's eventName.</param>
/// <param name="Id">The callout's message_id, or <c>{transactionUID}/{detailId}</c>.</param>
/// <param name="Outcome"><c>processed</c>, or <c>unknown</c> for a type this receiver does not know.</param>
/// <param name="ReceivedAt">When it was processed.</param>
/// <param name="DetailsType">The typed model the details were read into (AppraisalWorks: fetched with a signed GET).</param>
/// <param name="Details">The whole typed model, as JSON (an embedded report is shown by its size only).</param>
public sealed record ReceivedEntry(string Source, string Type, string Id, string Outcome, DateTimeOffset ReceivedAt, string? DetailsType, JsonElement Details);

/// <summary>The last <see cref="Capacity"/> processed messages, in order (in memory: a sample's view, not a store).</summary>
public sealed class ReceivedLog
{
    /// <summary>The default <see cref="Capacity"/> (<c>Receiver:MaxReceived</c>).</summary>
    public const int DefaultCapacity = 1000;

    private readonly Queue<ReceivedEntry> _entries = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    /// <summary>Creates the log.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="capacity">The most entries kept; the oldest go first.</param>
    public ReceivedLog(TimeProvider time, int capacity = DefaultCapacity)
    {
        _time = time;
        Capacity = Math.Max(1, capacity);
    }

    /// <summary>Gets the most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>Gets the entries kept, oldest first.</summary>
    public IReadOnlyList<ReceivedEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Adds an entry, forgetting the oldest when full.</summary>
    /// <param name="source">The API.</param>
    /// <param name="type">The message type or event name.</param>
    /// <param name="id">The message's identity.</param>
    /// <param name="outcome">processed or unknown.</param>
    /// <param name="detailsType">The typed model's name.</param>
    /// <param name="details">The typed model as JSON.</param>
    public void Add(string source, string type, string id, string outcome, string? detailsType, JsonElement details)
    {
        lock (_gate)
        {
            while (_entries.Count >= Capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(new ReceivedEntry(source, type, id, outcome, _time.GetUtcNow(), detailsType, details));
        }
    }
}

/// <summary>Source-generated JSON for <c>GET /received</c> (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReceivedEntry[]))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
[JsonSerializable(typeof(string))]
public sealed partial class ReceiverJsonContext : JsonSerializerContext;
