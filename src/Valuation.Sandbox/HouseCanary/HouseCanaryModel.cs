namespace Valuation.Sandbox.HouseCanary;

internal sealed class HcOrder
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public string? CustomerOrderId { get; init; }
    public long OwnerOrganizationId { get; init; }
    public long OwnerId { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
    public string Status { get; set; } = "new";
    /// <summary>When the order completed: written as an ISO 8601 date-time, named by its America/Los_Angeles date.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
    public List<HcItem> Items { get; } = [];

    public IReadOnlyList<string> ExternalIntegrationIds =>
        [.. Items.Select(i => i.ExternalIntegrationId).OfType<string>()];
}

internal sealed class HcItem
{
    public long Id { get; init; }
    public long OrderId { get; init; }
    public required string Address { get; init; }
    public string? Unit { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Zipcode { get; init; }
    public string? CustomerItemId { get; init; }
    public string? ExternalIntegrationId { get; init; }
    public string Status { get; set; } = "new";
    /// <summary>When the item completed: written as an ISO 8601 date-time, named by its America/Los_Angeles date.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    public decimal? EstimatedValue { get; set; }
    public string? CancellationReason { get; set; }
    public byte[]? Pdf { get; set; }
    public string? DownloadToken { get; set; }
    public string? DownloadFileName { get; set; }
}

internal sealed class HcExport
{
    public long Id { get; init; }
    public long OrderId { get; init; }
    public required string Format { get; init; }
    public bool ExcludeJson { get; init; }
    public string Status { get; set; } = "pending";
    public int PercentComplete { get; set; }
    public string? Token { get; set; }
    public string? FileName { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public byte[]? Zip { get; set; }
    public IReadOnlyList<string> Entries { get; set; } = [];
}
