using System.Text.Json.Serialization;

namespace Valuation.Sandbox.Json;

/// <summary>The sandbox's one source-generated JSON context (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(HcOrderWire))]
[JsonSerializable(typeof(HcItemWire))]
[JsonSerializable(typeof(HcItemPageWire))]
[JsonSerializable(typeof(List<HcItemWire>))]
[JsonSerializable(typeof(HcItemsObjectWire))]
[JsonSerializable(typeof(List<HcDownloadableWire>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(HcExportWire))]
[JsonSerializable(typeof(HcDetailWire))]
[JsonSerializable(typeof(HcOrderStatusChangeWire))]
[JsonSerializable(typeof(HcOrderItemStatusChangeWire))]
[JsonSerializable(typeof(HcOrderCompleteWire))]
[JsonSerializable(typeof(AwEnvelopeWire))]
[JsonSerializable(typeof(AwOrderResponseWire))]
[JsonSerializable(typeof(AwCommentWire))]
[JsonSerializable(typeof(AwReasonWire))]
[JsonSerializable(typeof(AwAssignmentWire))]
[JsonSerializable(typeof(AwFeeChangedWire))]
[JsonSerializable(typeof(AwExpectedDeliveryWire))]
[JsonSerializable(typeof(AwAppointmentWire))]
[JsonSerializable(typeof(AwPostbackWire))]
[JsonSerializable(typeof(AwDocumentSummaryWire))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
