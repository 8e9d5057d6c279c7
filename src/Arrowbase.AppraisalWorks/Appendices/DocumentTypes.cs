namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>The document type codes of the "Appendix - Document types" (<c>embeddedFile.typeID</c>).</summary>
public static class DocumentTypes
{
    /// <summary>1010: Purchase Contract.</summary>
    public const int ClientPurchaseContract = 1010;

    /// <summary>2060: Appraisal Support Document.</summary>
    public const int ClientAppraisalSupportDocument = 2060;

    /// <summary>2061: Engagement Letter.</summary>
    public const int ClientEngagementLetter = 2061;

    /// <summary>2062: Original Appraisal for Review.</summary>
    public const int ClientOriginalAppraisalForReview = 2062;

    /// <summary>2063: Value Dispute.</summary>
    public const int ClientValueDispute = 2063;

    /// <summary>1000: Invoice for service.</summary>
    public const int ProviderInvoiceForService = 1000;

    /// <summary>1020: Submission Summary Report - FNMA.</summary>
    public const int ProviderSubmissionSummaryReportFNMA = 1020;

    /// <summary>1025: Submission Summary Report - FMAC.</summary>
    public const int ProviderSubmissionSummaryReportFMAC = 1025;

    /// <summary>2000: Appraisal PDF.</summary>
    public const int ProviderAppraisalPDF = 2000;

    /// <summary>2010: MISMO 2.6 GSE Appraisal Dataset with Embedded PDF.</summary>
    public const int ProviderMISMO26GSEAppraisalDatasetWithEmbeddedPDF = 2010;

    /// <summary>2020: MISMO 3.4 Appraisal Dataset with Embedded PDF.</summary>
    public const int ProviderMISMO34AppraisalDatasetWithEmbeddedPDF = 2020;

    /// <summary>2040: Automated Review.</summary>
    public const int ProviderAutomatedReview = 2040;

    /// <summary>2050: Property Inspection Data.</summary>
    public const int ProviderPropertyInspectionData = 2050;

    /// <summary>2060: Appraisal Support Document.</summary>
    public const int ProviderAppraisalSupportDocument = 2060;

    /// <summary>Gets the codes a client may send, with their descriptions.</summary>
    public static IReadOnlyDictionary<int, string> ClientDocuments { get; } = new Dictionary<int, string>
    {
        [1010] = "Purchase Contract",
        [2060] = "Appraisal Support Document",
        [2061] = "Engagement Letter",
        [2062] = "Original Appraisal for Review",
        [2063] = "Value Dispute",
    };

    /// <summary>Gets the codes a provider may return, with their descriptions.</summary>
    public static IReadOnlyDictionary<int, string> ProviderDocuments { get; } = new Dictionary<int, string>
    {
        [1000] = "Invoice for service",
        [1020] = "Submission Summary Report - FNMA",
        [1025] = "Submission Summary Report - FMAC",
        [2000] = "Appraisal PDF",
        [2010] = "MISMO 2.6 GSE Appraisal Dataset with Embedded PDF",
        [2020] = "MISMO 3.4 Appraisal Dataset with Embedded PDF",
        [2040] = "Automated Review",
        [2050] = "Property Inspection Data",
        [2060] = "Appraisal Support Document",
    };

    /// <summary>Gets whether a client may send <paramref name="typeId"/>.</summary>
    /// <param name="typeId">The code.</param>
    /// <returns>True when it is a client document code.</returns>
    public static bool IsClientDocument(int typeId) => ClientDocuments.ContainsKey(typeId);

    /// <summary>Gets the description of a client or provider code, or null when undocumented.</summary>
    /// <param name="typeId">The code.</param>
    /// <returns>The description.</returns>
    public static string? GetDescription(int typeId) =>
        ClientDocuments.TryGetValue(typeId, out var c) ? c : ProviderDocuments.TryGetValue(typeId, out var p) ? p : null;
}
