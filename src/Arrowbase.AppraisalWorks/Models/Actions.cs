using System.Text.Json;
using System.Text.Json.Serialization;
using Arrowbase.AppraisalWorks.Json;

namespace Arrowbase.AppraisalWorks;

/// <summary>A comment added to an order (<c>POST /Orders/{uid}/Comments</c>).</summary>
public sealed class CommentRequest
{
    /// <summary>Gets the comment (required).</summary>
    [JsonPropertyName("comment")]
    public string? Comment { get; init; }
}

/// <summary>A document added to an order (<c>POST /Orders/{uid}/Documents</c>).</summary>
public sealed class DocumentRequest
{
    /// <summary>Gets the document (required, with all four members).</summary>
    [JsonPropertyName("embeddedFile")]
    public EmbeddedFile? EmbeddedFile { get; init; }
}

/// <summary>A contact of an order (<c>PUT /Orders/{uid}/Contacts</c>); every member is required.</summary>
public sealed class ContactUpdate
{
    /// <summary>Gets the party type (see <see cref="Appendices.ContactRoles"/>).</summary>
    [JsonPropertyName("partyType")]
    public string? PartyType { get; init; }

    /// <summary>Gets the first name.</summary>
    [JsonPropertyName("firstName")]
    public string? FirstName { get; init; }

    /// <summary>Gets the last name (the document's example spells it <c>LastName</c>; both are read).</summary>
    [JsonPropertyName("lastName")]
    public string? LastName { get; init; }

    /// <summary>Gets the email address.</summary>
    [JsonPropertyName("emailAddress")]
    public string? EmailAddress { get; init; }

    /// <summary>Gets the phone number.</summary>
    [JsonPropertyName("phone")]
    public string? Phone { get; init; }
}

/// <summary>A reason, the body of hold (required), resume (required) and cancel (optional).</summary>
public sealed class ReasonRequest
{
    /// <summary>Gets the reason.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }
}

/// <summary>A request to deliver the report to the borrower (<c>PUT /Orders/{uid}/DeliverToBorrower</c>); every member is required.</summary>
public sealed class BorrowerDelivery
{
    /// <summary>Gets the borrower's email address.</summary>
    [JsonPropertyName("borrowerEmail")]
    public string? BorrowerEmail { get; init; }

    /// <summary>Gets address line 1.</summary>
    [JsonPropertyName("borrowerAddress1")]
    public string? BorrowerAddress1 { get; init; }

    /// <summary>Gets address line 2. Required: the document's table marks every member of this request "Yes", this one included.</summary>
    [JsonPropertyName("borrowerAddress2")]
    public string? BorrowerAddress2 { get; init; }

    /// <summary>Gets the city.</summary>
    [JsonPropertyName("borrowerCity")]
    public string? BorrowerCity { get; init; }

    /// <summary>Gets the state.</summary>
    [JsonPropertyName("borrowerState")]
    public string? BorrowerState { get; init; }

    /// <summary>Gets the zip code.</summary>
    [JsonPropertyName("borrowerZip")]
    public string? BorrowerZip { get; init; }
}

/// <summary>
/// Up to three preferred inspection dates with time slots (<c>PUT /Orders/{uid}/InspectionSchedule</c>). Dates are
/// written <c>yyyy-MM-dd</c>; slots are <c>"1"</c> (8-noon), <c>"2"</c> (noon-5) or <c>"3"</c> (5-9); see <see cref="Appendices.TimeSlots"/>.
/// </summary>
public sealed class InspectionScheduleRequest
{
    /// <summary>Gets the first preferred date (required).</summary>
    [JsonPropertyName("option1Date")]
    public DateOnly? Option1Date { get; init; }

    /// <summary>Gets the first option's time slot (required).</summary>
    [JsonPropertyName("option1TimeSlot")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Option1TimeSlot { get; init; }

    /// <summary>Gets the second preferred date.</summary>
    [JsonPropertyName("option2Date")]
    public DateOnly? Option2Date { get; init; }

    /// <summary>Gets the second option's time slot.</summary>
    [JsonPropertyName("option2TimeSlot")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Option2TimeSlot { get; init; }

    /// <summary>Gets the third preferred date.</summary>
    [JsonPropertyName("option3Date")]
    public DateOnly? Option3Date { get; init; }

    /// <summary>Gets the third option's time slot.</summary>
    [JsonPropertyName("option3TimeSlot")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Option3TimeSlot { get; init; }

    /// <summary>Gets a revised phone number.</summary>
    [JsonPropertyName("contactPhone")]
    public string? ContactPhone { get; init; }

    /// <summary>Gets whether the phone is a cell phone.</summary>
    [JsonPropertyName("cell")]
    public bool? Cell { get; init; }

    /// <summary>Gets a comment for the appraiser.</summary>
    [JsonPropertyName("comments")]
    public string? Comments { get; init; }
}

/// <summary>A request to reschedule the appointment (<c>PUT /Orders/{uid}/Reschedule</c>); every member is required.</summary>
public sealed class RescheduleRequest
{
    /// <summary>Gets the order ID.</summary>
    [JsonPropertyName("orderID")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? OrderId { get; init; }

    /// <summary>Gets the requested date, in the document's form <c>1/1/2021 12:00PM EST</c> (see <see cref="AppraisalWorksDate.FromAppointment"/>).</summary>
    [JsonPropertyName("appointmentDate")]
    public AppraisalWorksDate? AppointmentDate { get; init; }

    /// <summary>Gets the reason for the request.</summary>
    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
