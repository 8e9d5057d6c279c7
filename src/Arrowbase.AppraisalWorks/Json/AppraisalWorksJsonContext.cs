using System.Text.Json.Serialization;
using Arrowbase.AppraisalWorks.Postbacks;

namespace Arrowbase.AppraisalWorks.Json;

/// <summary>
/// The source-generated JSON metadata of every AppraisalWorks payload (trimming- and AOT-safe). Property names are
/// matched case-insensitively on read, since the document shows several casings; nulls are not written.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(AppraisalWorksResponse))]
[JsonSerializable(typeof(OrderRequest))]
[JsonSerializable(typeof(OrderResponse))]
[JsonSerializable(typeof(CommentRequest))]
[JsonSerializable(typeof(DocumentRequest))]
[JsonSerializable(typeof(ContactUpdate))]
[JsonSerializable(typeof(ReasonRequest))]
[JsonSerializable(typeof(BorrowerDelivery))]
[JsonSerializable(typeof(InspectionScheduleRequest))]
[JsonSerializable(typeof(RescheduleRequest))]
[JsonSerializable(typeof(CommentDetails))]
[JsonSerializable(typeof(DocumentDetails))]
[JsonSerializable(typeof(HoldDetails))]
[JsonSerializable(typeof(ResumeDetails))]
[JsonSerializable(typeof(CancelDetails))]
[JsonSerializable(typeof(AssignmentDetails))]
[JsonSerializable(typeof(FeeChangeDetails))]
[JsonSerializable(typeof(ExpectedDeliveryDetails))]
[JsonSerializable(typeof(AppointmentDetails))]
[JsonSerializable(typeof(CompletedReport))]
[JsonSerializable(typeof(PostbackEnvelope))]
[JsonSerializable(typeof(EmbeddedFile))]
[JsonSerializable(typeof(EmbeddedFileInfo))]
public sealed partial class AppraisalWorksJsonContext : JsonSerializerContext;
