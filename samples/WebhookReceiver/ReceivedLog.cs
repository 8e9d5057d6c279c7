using System.Collections.Concurrent;
using System.Text.Json.Serialization;

namespace WebhookReceiver;

/// <summary>One processed message, as <c>GET /received</c> lists it.</summary>
/// <param name="Source"><c>housecanary</c> or <c>appraisalworks</c>.</param>
/// <param name="Type">The callout's message_type or the postback's eventName.</param>
/// <param name="Id">The callout's message_id, or <c>{transactionUID}/{detailId}</c>.</param>
/// <param name="Outcome"><c>processed</c>, or <c>unknown</c> for a type this receiver does not know.</param>
/// <param name="ReceivedAt">When it was processed.</param>
/// <param name="DetailsType">The typed model the details were read into (AppraisalWorks: fetched with a signed GET).</param>
/// <param name="Details">The message's or the event's main fields.</param>
public sealed record ReceivedEntry(
    string Source,
    string Type,
    string Id,
    string Outcome,
    DateTimeOffset ReceivedAt,
    string? DetailsType,
    IReadOnlyDictionary<string, string?> Details);

/// <summary>What the receiver processed, in order (in memory: a sample's view, not a store).</summary>
public sealed class ReceivedLog
{
    private readonly ConcurrentQueue<ReceivedEntry> _entries = new();
    private readonly TimeProvider _time;

    /// <summary>Creates the log.</summary>
    /// <param name="time">The clock.</param>
    public ReceivedLog(TimeProvider time) => _time = time;

    /// <summary>Every entry so far.</summary>
    public IReadOnlyList<ReceivedEntry> Entries => [.. _entries];

    /// <summary>Adds an entry.</summary>
    /// <param name="source">The API.</param>
    /// <param name="type">The message type or event name.</param>
    /// <param name="id">The message's identity.</param>
    /// <param name="outcome">processed or unknown.</param>
    /// <param name="detailsType">The typed model's name.</param>
    /// <param name="details">Its main fields.</param>
    public void Add(string source, string type, string id, string outcome, string? detailsType, IReadOnlyDictionary<string, string?> details) =>
        _entries.Enqueue(new ReceivedEntry(source, type, id, outcome, _time.GetUtcNow(), detailsType, details));
}

/// <summary>Source-generated JSON for <c>GET /received</c> (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReceivedEntry[]))]
public sealed partial class ReceiverJsonContext : JsonSerializerContext;
