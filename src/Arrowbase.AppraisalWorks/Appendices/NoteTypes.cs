namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>The note types of the "Appendix - Note Types" (such as a comment's <c>commentcategory</c>).</summary>
public static class NoteTypes
{
    /// <summary>Accounting.</summary>
    public const string Accounting = "Accounting";

    /// <summary>Appraisal.</summary>
    public const string Appraisal = "Appraisal";

    /// <summary>Appraisal Correction Requested.</summary>
    public const string AppraisalCorrectionRequested = "Appraisal Correction Requested";

    /// <summary>Appraisal QC Request.</summary>
    public const string AppraisalQCRequest = "Appraisal QC Request";

    /// <summary>Appraisal Report Due.</summary>
    public const string AppraisalReportDue = "Appraisal Report Due";

    /// <summary>Appraisal- Appointment Date/time.</summary>
    public const string AppraisalAppointmentDateTime = "Appraisal- Appointment Date/time";

    /// <summary>Borrower Report Delivery.</summary>
    public const string BorrowerReportDelivery = "Borrower Report Delivery";

    /// <summary>Follow Up.</summary>
    public const string FollowUp = "Follow Up";

    /// <summary>On Hold.</summary>
    public const string OnHold = "On Hold";

    /// <summary>Gets every documented value, in the document's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Accounting, Appraisal, AppraisalCorrectionRequested, AppraisalQCRequest, AppraisalReportDue, AppraisalAppointmentDateTime, BorrowerReportDelivery, FollowUp, OnHold];

    /// <summary>Gets whether <paramref name="value"/> is documented (compared ignoring case).</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when documented.</returns>
    public static bool IsDefined(string? value) => value is not null && All.Contains(value, StringComparer.OrdinalIgnoreCase);
}
