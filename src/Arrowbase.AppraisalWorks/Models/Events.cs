using System.Text.Json.Serialization;
using Arrowbase.AppraisalWorks.Json;

namespace Arrowbase.AppraisalWorks;

/// <summary>A new comment (<c>GET /Orders/{uid}/Comments/{detailId}</c>).</summary>
public sealed class CommentDetails : AppraisalWorksResponse
{
    /// <summary>Gets the comment.</summary>
    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    /// <summary>Gets the comment's category (wire name <c>commentcategory</c>, matched in any casing), such as a note type.</summary>
    [JsonPropertyName("commentcategory")]
    public string? CommentCategory { get; init; }
}

/// <summary>
/// A new document (<c>GET /Orders/{uid}/Documents/{detailId}</c>); its content went to the caller's stream. The
/// document's example sends <c>embeddedFile</c> as one object; an array (as orders and Completed send) is read too.
/// </summary>
public sealed class DocumentDetails : AppraisalWorksResponse
{
    /// <summary>Gets every document's metadata, in order (one for the document's example).</summary>
    [JsonPropertyName("embeddedFile")]
    [JsonConverter(typeof(SingleOrArrayConverter<EmbeddedFileInfo>))]
    public IReadOnlyList<EmbeddedFileInfo>? EmbeddedFiles { get; init; }

    /// <summary>Gets the (first) document's metadata, or null when the response names none.</summary>
    [JsonIgnore]
    public EmbeddedFileInfo? EmbeddedFile => EmbeddedFiles is { Count: > 0 } files ? files[0] : null;
}

/// <summary>A reason-bearing event: Hold, Resume or Cancel.</summary>
public class ReasonDetails : AppraisalWorksResponse
{
    /// <summary>Gets the reason.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }
}

/// <summary>The order was placed on hold (<c>GET /Orders/{uid}/Hold/{detailId}</c>).</summary>
public sealed class HoldDetails : ReasonDetails;

/// <summary>The order resumed (<c>GET /Orders/{uid}/Resume/{detailId}</c>).</summary>
public sealed class ResumeDetails : ReasonDetails;

/// <summary>The order was cancelled (<c>GET /Orders/{uid}/Cancel/{detailId}</c>).</summary>
public sealed class CancelDetails : ReasonDetails;

/// <summary>A provider accepted the assignment (<c>GET /Orders/{uid}/Assignment/{detailId}</c>).</summary>
public sealed class AssignmentDetails : AppraisalWorksResponse
{
    /// <summary>Gets the appraiser's name.</summary>
    [JsonPropertyName("appraiserName")]
    public string? AppraiserName { get; init; }

    /// <summary>Gets the company's name.</summary>
    [JsonPropertyName("companyName")]
    public string? CompanyName { get; init; }

    /// <summary>Gets the distance to the subject property (the table says Integer, the example sends <c>"147.65"</c>: read as a decimal).</summary>
    [JsonPropertyName("distance")]
    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? Distance { get; init; }

    /// <summary>Gets the appraiser's license number.</summary>
    [JsonPropertyName("appraiserLicenseNumber")]
    public string? AppraiserLicenseNumber { get; init; }
}

/// <summary>The vendor requests a fee change (<c>GET /Orders/{uid}/FeeChanged/{detailId}</c>).</summary>
public sealed class FeeChangeDetails : AppraisalWorksResponse
{
    /// <summary>Gets the reason for the change.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>Gets the revised fee (sent as <c>"350.00"</c>).</summary>
    [JsonPropertyName("revisedVendorFee")]
    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? RevisedVendorFee { get; init; }
}

/// <summary>The expected delivery date changed (<c>GET /Orders/{uid}/ExpectedDelivery</c>).</summary>
public sealed class ExpectedDeliveryDetails : AppraisalWorksResponse
{
    /// <summary>Gets the expected date of the final report (wire name <c>expecteddate</c>, matched in any casing).</summary>
    [JsonPropertyName("expecteddate")]
    public AppraisalWorksDate? ExpectedDate { get; init; }
}

/// <summary>
/// The inspection appointment (<c>GET /Orders/{uid}/Scheduled</c> or <c>/Rescheduled</c>, and the "Appointment Set"
/// object). The document shows both <c>appointmentdate</c> and <c>appointmentDate</c>; both are read.
/// </summary>
public sealed class AppointmentDetails : AppraisalWorksResponse
{
    /// <summary>Gets the order ID, when sent.</summary>
    [JsonPropertyName("orderID")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? OrderId { get; init; }

    /// <summary>Gets the (re)scheduled appointment date.</summary>
    [JsonPropertyName("appointmentDate")]
    public AppraisalWorksDate? AppointmentDate { get; init; }
}

/// <summary>The completed report (<c>GET /Orders/{uid}/Completed</c>); the documents' contents went to the caller's streams.</summary>
public sealed class CompletedReport : AppraisalWorksResponse
{
    /// <summary>Gets property data from the report.</summary>
    [JsonPropertyName("property")]
    public CompletedProperty? Property { get; init; }

    /// <summary>Gets the valuation results.</summary>
    [JsonPropertyName("valuationResults")]
    public ValuationResults? ValuationResults { get; init; }

    /// <summary>Gets the delivered documents' metadata, in order.</summary>
    [JsonPropertyName("embeddedFile")]
    [JsonConverter(typeof(SingleOrArrayConverter<EmbeddedFileInfo>))]
    public IReadOnlyList<EmbeddedFileInfo>? EmbeddedFile { get; init; }
}

/// <summary>Property data of a completed report.</summary>
public sealed class CompletedProperty
{
    /// <summary>Gets the assessor's parcel identifier.</summary>
    [JsonPropertyName("assessorsParcelIdentifier")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AssessorsParcelIdentifier { get; init; }

    /// <summary>Gets the lot size.</summary>
    [JsonPropertyName("lotSize")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? LotSize { get; init; }

    /// <summary>Gets the living area in sq. ft.</summary>
    [JsonPropertyName("livingArea")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? LivingArea { get; init; }

    /// <summary>Gets the number of stories (sent as <c>"2"</c>; an empty string reads as null).</summary>
    [JsonPropertyName("stories")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Stories { get; init; }

    /// <summary>Gets the year built.</summary>
    [JsonPropertyName("yearBuilt")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? YearBuilt { get; init; }

    /// <summary>Gets the total number of rooms.</summary>
    [JsonPropertyName("totalRooms")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? TotalRooms { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The valuation results of a completed report.</summary>
public sealed class ValuationResults
{
    /// <summary>Gets the estimate of the value.</summary>
    [JsonPropertyName("value")]
    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? Value { get; init; }

    /// <summary>Gets the valuation date (such as <c>2021-11-03 11:01 AM EST</c>, raw text kept).</summary>
    [JsonPropertyName("valuationDate")]
    public AppraisalWorksDate? ValuationDate { get; init; }

    /// <summary>Gets the appraiser's name.</summary>
    [JsonPropertyName("appraiserName")]
    public string? AppraiserName { get; init; }

    /// <summary>Gets the appraiser's license number.</summary>
    [JsonPropertyName("appraiserLicenseNumber")]
    public string? AppraiserLicenseNumber { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? AdditionalProperties { get; set; }
}
