namespace Valuation.Sandbox.HouseCanary;

/// <summary>A read-only snapshot of a HouseCanary order held by the sandbox.</summary>
/// <param name="Id">The order id.</param>
/// <param name="Name">The order name.</param>
/// <param name="OrderType">The order type (always <c>valueReport</c>).</param>
/// <param name="Status">new, accepted, reportpending, complete or cancelled.</param>
/// <param name="CustomerOrderId">The partner's order id, if given.</param>
/// <param name="OwnerOrganizationId">The owner organisation id.</param>
/// <param name="OwnerId">The owner id.</param>
/// <param name="CreatedDate">When the order was created (sandbox clock).</param>
/// <param name="ActualDeliveryDate">The delivery date once complete (America/Los_Angeles).</param>
/// <param name="Items">The order's items.</param>
public sealed record HouseCanaryOrderSnapshot(
    long Id,
    string Name,
    string OrderType,
    string Status,
    string? CustomerOrderId,
    long OwnerOrganizationId,
    long OwnerId,
    DateTimeOffset CreatedDate,
    DateOnly? ActualDeliveryDate,
    IReadOnlyList<HouseCanaryItemSnapshot> Items);

/// <summary>A read-only snapshot of a HouseCanary order item.</summary>
/// <param name="Id">The item id.</param>
/// <param name="OrderId">The order id.</param>
/// <param name="Address">The street address.</param>
/// <param name="Unit">The unit, if any.</param>
/// <param name="City">The city, if any.</param>
/// <param name="State">The state, if any.</param>
/// <param name="Zipcode">The zip code, if any.</param>
/// <param name="CustomerItemId">The partner's item id, if any.</param>
/// <param name="ExternalIntegrationId">The partner's integration id, if any.</param>
/// <param name="Status">new, accepted, reportpending, complete or cancelled.</param>
/// <param name="CompletionDate">The completion date (America/Los_Angeles), once complete.</param>
/// <param name="CancellationReason">Why the asynchronous validation cancelled the item, if it did.</param>
public sealed record HouseCanaryItemSnapshot(
    long Id,
    long OrderId,
    string Address,
    string? Unit,
    string? City,
    string? State,
    string? Zipcode,
    string? CustomerItemId,
    string? ExternalIntegrationId,
    string Status,
    DateOnly? CompletionDate,
    string? CancellationReason);

/// <summary>A read-only snapshot of a HouseCanary export request.</summary>
/// <param name="Id">The export id.</param>
/// <param name="OrderId">The order id.</param>
/// <param name="Format">The format (<c>zip</c>).</param>
/// <param name="ExcludeJson">Whether the <c>_OrderItem.json</c> entries are left out.</param>
/// <param name="Status">pending, in_progress, complete or failed.</param>
/// <param name="PercentComplete">0 to 100.</param>
/// <param name="FileName">The zip's file name once complete.</param>
/// <param name="ExportedData">The pre-signed download URL once complete.</param>
/// <param name="Entries">The zip's entry names once complete.</param>
public sealed record HouseCanaryExportSnapshot(
    long Id,
    long OrderId,
    string Format,
    bool ExcludeJson,
    string Status,
    int PercentComplete,
    string? FileName,
    Uri? ExportedData,
    IReadOnlyList<string> Entries);
