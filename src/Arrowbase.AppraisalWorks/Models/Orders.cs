using System.Text.Json;
using System.Text.Json.Serialization;
using Arrowbase.AppraisalWorks.Json;

namespace Arrowbase.AppraisalWorks;

/// <summary>A new order (<c>POST /Orders</c>): the transaction details, with the requesting party and the request.</summary>
public sealed record OrderRequest
{
    /// <summary>Gets an optional order identifier for tracking (portfolio or batch orders).</summary>
    [JsonPropertyName("referenceNumber")]
    public string? ReferenceNumber { get; init; }

    /// <summary>Gets whether the order is flagged as a complex property.</summary>
    [JsonPropertyName("complexProperty")]
    public bool? ComplexProperty { get; init; }

    /// <summary>Gets whether the order is a priority (rush) order.</summary>
    [JsonPropertyName("priority")]
    public bool? Priority { get; init; }

    /// <summary>Gets the due date, written in the document's form <c>12/22/2023</c> (see <see cref="AppraisalWorksDate.FromDate"/>).</summary>
    [JsonPropertyName("requestedDueDate")]
    public AppraisalWorksDate? RequestedDueDate { get; init; }

    /// <summary>Gets the FHA case number; required for FHA products.</summary>
    [JsonPropertyName("fhaCaseNumber")]
    public string? FhaCaseNumber { get; init; }

    /// <summary>Gets internal instructions to the appraisal desk or the review team.</summary>
    [JsonPropertyName("internalComment")]
    public string? InternalComment { get; init; }

    /// <summary>Gets the Desktop Underwriter identifier for Fannie Mae.</summary>
    [JsonPropertyName("duCaseFileID")]
    public string? DuCaseFileId { get; init; }

    /// <summary>Gets the Loan Prospector identifier for Freddie Mac.</summary>
    [JsonPropertyName("lpaKey")]
    public string? LpaKey { get; init; }

    /// <summary>Gets order-level instructions passed to the vendor on assignment.</summary>
    [JsonPropertyName("vendorInstructions")]
    public string? VendorInstructions { get; init; }

    /// <summary>Gets the requesting party (required); its <c>clientID</c> defaults to the configured ClientId.</summary>
    [JsonPropertyName("requestingParty")]
    public RequestingParty? RequestingParty { get; init; }

    /// <summary>Gets the order request (required).</summary>
    [JsonPropertyName("request")]
    public OrderDetails? Request { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The entity placing the order.</summary>
public sealed record RequestingParty
{
    /// <summary>Gets the AppraisalWorks client ID (required).</summary>
    [JsonPropertyName("clientID")]
    public string? ClientId { get; init; }

    /// <summary>Gets the lender's entity name (required).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the name of the person placing the order.</summary>
    [JsonPropertyName("contactName")]
    public string? ContactName { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The order request (<c>request</c>).</summary>
public sealed record OrderDetails
{
    /// <summary>Gets the client's unique loan identifier (required).</summary>
    [JsonPropertyName("internalAccountID")]
    public string? InternalAccountId { get; init; }

    /// <summary>Gets the lending branch identifier.</summary>
    [JsonPropertyName("branchID")]
    public string? BranchId { get; init; }

    /// <summary>Gets the loan amount (a JSON number; strings are read too).</summary>
    [JsonPropertyName("loanAmount")]
    public decimal? LoanAmount { get; init; }

    /// <summary>Gets the sales price.</summary>
    [JsonPropertyName("salesPrice")]
    public decimal? SalesPrice { get; init; }

    /// <summary>Gets the property's estimated value.</summary>
    [JsonPropertyName("estimatedValue")]
    public decimal? EstimatedValue { get; init; }

    /// <summary>Gets the loan type (required; see <see cref="Appendices.LoanTypes"/>).</summary>
    [JsonPropertyName("loanType")]
    public string? LoanType { get; init; }

    /// <summary>Gets the globally unique transaction ID that identifies the order in every later call (required).</summary>
    [JsonPropertyName("transactionUID")]
    public string? TransactionUid { get; init; }

    /// <summary>Gets the request data (required).</summary>
    [JsonPropertyName("requestData")]
    public RequestData? RequestData { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The request type and the loan (<c>requestData</c>).</summary>
public sealed record RequestData
{
    /// <summary>Gets the request type (required): <see cref="RequestActions.Original"/> or <see cref="RequestActions.StatusQuery"/>.</summary>
    [JsonPropertyName("action")]
    public string? Action { get; init; }

    /// <summary>Gets the loan (required).</summary>
    [JsonPropertyName("loan")]
    public Loan? Loan { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The values of <c>requestData.action</c>.</summary>
public static class RequestActions
{
    /// <summary>A new order request.</summary>
    public const string Original = "Original";

    /// <summary>A status request.</summary>
    public const string StatusQuery = "StatusQuery";
}

/// <summary>The loan: subject property, product, embedded files and parties.</summary>
public sealed record Loan
{
    /// <summary>Gets the application holding the subject property (required).</summary>
    [JsonPropertyName("application")]
    public LoanApplication? Application { get; init; }

    /// <summary>Gets the product ordered (required).</summary>
    [JsonPropertyName("product")]
    public Product? Product { get; init; }

    /// <summary>Gets the embedded files; each needs all four members.</summary>
    [JsonPropertyName("embeddedFile")]
    [JsonConverter(typeof(SingleOrArrayConverter<EmbeddedFile>))]
    public IReadOnlyList<EmbeddedFile>? EmbeddedFile { get; init; }

    /// <summary>Gets the parties: at least one Borrower, plus Loan Officer, Loan Processor and Appraisal Coordinator.</summary>
    [JsonPropertyName("parties")]
    public IReadOnlyList<Party>? Parties { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The loan application (<c>application</c>).</summary>
public sealed record LoanApplication
{
    /// <summary>Gets the subject property (required).</summary>
    [JsonPropertyName("property")]
    public SubjectProperty? Property { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The subject property.</summary>
public sealed record SubjectProperty
{
    /// <summary>Gets the street address (required).</summary>
    [JsonPropertyName("streetAddress")]
    public string? StreetAddress { get; init; }

    /// <summary>Gets the city (required).</summary>
    [JsonPropertyName("city")]
    public string? City { get; init; }

    /// <summary>Gets the state (required).</summary>
    [JsonPropertyName("state")]
    public string? State { get; init; }

    /// <summary>Gets the county.</summary>
    [JsonPropertyName("county")]
    public string? County { get; init; }

    /// <summary>Gets the zip code (required).</summary>
    [JsonPropertyName("zip")]
    public string? Zip { get; init; }

    /// <summary>Gets the property type (required; see <see cref="Appendices.PropertyTypes"/>).</summary>
    [JsonPropertyName("propertyType")]
    public string? PropertyType { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The product ordered.</summary>
public sealed record Product
{
    /// <summary>Gets the product name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the product code (required; see <see cref="Appendices.ProductCodes"/>).</summary>
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A party to the order.</summary>
public sealed class Party
{
    /// <summary>Gets the party type (required; see <see cref="Appendices.ContactRoles"/>).</summary>
    [JsonPropertyName("partyType")]
    public string? PartyType { get; set; }

    /// <summary>Gets the first name.</summary>
    [JsonPropertyName("firstName")]
    public string? FirstName { get; set; }

    /// <summary>Gets the middle name.</summary>
    [JsonPropertyName("middleName")]
    public string? MiddleName { get; set; }

    /// <summary>Gets the last name (required).</summary>
    [JsonPropertyName("lastName")]
    public string? LastName { get; set; }

    /// <summary>Gets the full name (shown in the document's comprehensive example).</summary>
    [JsonPropertyName("fullName")]
    public string? FullName { get; set; }

    /// <summary>Gets the contact methods (required).</summary>
    [JsonPropertyName("contactMethod")]
    public ContactMethod? ContactMethod { get; set; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A party's contact methods.</summary>
public sealed class ContactMethod
{
    /// <summary>Gets the contact entries (required).</summary>
    [JsonPropertyName("contactInfo")]
    public IList<ContactInfo>? ContactInfo { get; set; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>One contact entry. The document shows both <c>contactType</c> and <c>ContactType</c>; both are read, <c>contactType</c> is written.</summary>
public sealed class ContactInfo
{
    /// <summary>Gets the label (required; see <see cref="Appendices.ContactLabels"/>).</summary>
    [JsonPropertyName("contactLabel")]
    public string? ContactLabel { get; set; }

    /// <summary>Gets the type (required; see <see cref="Appendices.ContactTypes"/>).</summary>
    [JsonPropertyName("contactType")]
    public string? ContactType { get; set; }

    /// <summary>Gets the value: an email address or a phone number (required).</summary>
    [JsonPropertyName("contactValue")]
    public string? ContactValue { get; set; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The response to placing an order.</summary>
public sealed class OrderResponse : AppraisalWorksResponse
{
    /// <summary>Gets the order number, <c>orderNumber-itemNumber</c> such as <c>111977-1</c>.</summary>
    [JsonPropertyName("orderNumber")]
    public string? OrderNumber { get; init; }

    /// <summary>Gets the state of the order request, such as <c>In Progress</c>.</summary>
    [JsonPropertyName("condition")]
    public string? Condition { get; init; }

    /// <summary>Gets the order number without its item number (<c>111977</c> of <c>111977-1</c>), shared by linked products.</summary>
    [JsonIgnore]
    public string? BaseOrderNumber => OrderNumber is { } n && n.LastIndexOf('-') is var dash and > 0 ? n[..dash] : OrderNumber;

    /// <summary>Gets the item number of a linked product (<c>1</c> of <c>111977-1</c>), or null when absent.</summary>
    [JsonIgnore]
    public int? ItemNumber => OrderNumber is { } n && n.LastIndexOf('-') is var dash and > 0
        && int.TryParse(n.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int item) ? item : null;
}
