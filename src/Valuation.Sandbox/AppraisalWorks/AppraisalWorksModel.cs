namespace Valuation.Sandbox.AppraisalWorks;

internal sealed class AwOrder
{
    public required string TransactionUid { get; init; }
    public required string OrderNumber { get; init; }
    public int BaseNumber { get; init; }
    public int ItemNumber { get; init; }
    public long Sequence { get; init; }
    public required string LinkKey { get; init; }
    public required string InternalAccountId { get; init; }
    public required string StreetAddress { get; init; }
    public required string City { get; init; }
    public required string State { get; init; }
    public required string Zip { get; init; }
    public required string ProductCode { get; init; }
    public required string LoanType { get; init; }
    public decimal EstimatedValue { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string Condition { get; set; } = "In Progress";
    public string? ConditionBeforeHold { get; set; }
    public bool OnHold { get; set; }
    public bool Cancelled { get; set; }
    public bool Completed { get; set; }
    public int NextStep { get; set; }
    public bool StepScheduled { get; set; }
    public DateTimeOffset? RequestedAppointment { get; set; }
    public DateTimeOffset? Appointment { get; set; }
    public DateTimeOffset? Rescheduled { get; set; }
    public DateTimeOffset? ExpectedDelivery { get; set; }

    /// <summary>Event payloads with detail ids: (event, detailId) to the reason or text they carry.</summary>
    public Dictionary<(string Event, long DetailId), string> Reasons { get; } = [];

    public HashSet<long> AssignmentIds { get; } = [];

    public HashSet<long> FeeChangeIds { get; } = [];

    public Dictionary<long, ProviderDocument> ProviderDocuments { get; } = [];
}

/// <summary>A provider document generated on demand (deterministically) so large sizes are not held in memory.</summary>
internal sealed record ProviderDocument(int TypeId, string Name, string Description, Func<byte[]> Content);
