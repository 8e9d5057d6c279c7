using System.Text.Json.Serialization;

namespace Valuation.Sandbox.Json;

internal sealed class AwEnvelopeWire
{
    [JsonPropertyName("isSuccess")] public bool IsSuccess { get; init; }
    [JsonPropertyName("description")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Description { get; init; }
    [JsonPropertyName("datetime")] public required string Datetime { get; init; }
}

internal sealed class AwOrderResponseWire
{
    [JsonPropertyName("orderNumber")] public required string OrderNumber { get; init; }
    [JsonPropertyName("condition")] public required string Condition { get; init; }
    [JsonPropertyName("isSuccess")] public bool IsSuccess { get; init; } = true;
    [JsonPropertyName("datetime")] public required string Datetime { get; init; }
}

internal sealed class AwCommentWire
{
    [JsonPropertyName("comment")] public required string Comment { get; init; }
    [JsonPropertyName("commentcategory")] public required string CommentCategory { get; init; }
    [JsonPropertyName("isSuccess")] public bool IsSuccess { get; init; } = true;
    [JsonPropertyName("datetime")] public required string Datetime { get; init; }
}

internal sealed class AwReasonWire
{
    [JsonPropertyName("reason")] public required string Reason { get; init; }
    [JsonPropertyName("isSuccess")] public bool IsSuccess { get; init; } = true;
    [JsonPropertyName("datetime")] public required string Datetime { get; init; }
}

internal sealed class AwAssignmentWire
{
    [JsonPropertyName("appraiserName")] public required string AppraiserName { get; init; }
    [JsonPropertyName("companyName")] public required string CompanyName { get; init; }
    [JsonPropertyName("distance")] public required string Distance { get; init; }
    [JsonPropertyName("appraiserLicenseNumber")] public required string AppraiserLicenseNumber { get; init; }
    [JsonPropertyName("isSuccess")] public bool IsSuccess { get; init; } = true;
    [JsonPropertyName("datetime")] public required string Datetime { get; init; }
}

internal sealed class AwFeeChangedWire
{
    [JsonPropertyName("reason")] public required string Reason { get; init; }
    [JsonPropertyName("revisedVendorFee")] public required string RevisedVendorFee { get; init; }
    [JsonPropertyName("isSuccess")] public bool IsSuccess { get; init; } = true;
    [JsonPropertyName("datetime")] public required string Datetime { get; init; }
}

internal sealed class AwExpectedDeliveryWire
{
    [JsonPropertyName("expecteddate")] public required string ExpectedDate { get; init; }
    [JsonPropertyName("isSuccess")] public bool IsSuccess { get; init; } = true;
    [JsonPropertyName("datetime")] public required string Datetime { get; init; }
}

internal sealed class AwAppointmentWire
{
    [JsonPropertyName("appointmentdate")] public required string AppointmentDate { get; init; }
    [JsonPropertyName("isSuccess")] public bool IsSuccess { get; init; } = true;
    [JsonPropertyName("datetime")] public required string Datetime { get; init; }
}

internal sealed class AwApiEventWire
{
    [JsonPropertyName("transactionUID")] public required string TransactionUid { get; init; }
    [JsonPropertyName("eventName")] public required string EventName { get; init; }
    [JsonPropertyName("detailId")] public required string DetailId { get; init; }
    [JsonPropertyName("path")] public required string Path { get; init; }
}

internal sealed class AwPostbackWire
{
    [JsonPropertyName("apiEvent")] public required AwApiEventWire ApiEvent { get; init; }
}

internal sealed class AwDocumentSummaryWire
{
    [JsonPropertyName("typeID")] public int TypeId { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
}
