using Arrowbase.AppraisalWorks.Appendices;
using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests.Strength;

/// <summary>
/// The appendices the validator and the spelling rules check values against are exactly the document's:
/// TestData/appendices.txt is the document's appendix section, copied verbatim, and every list, table and
/// description here is read from it. A value the SDK lists differently is one it would refuse (or send) wrongly.
/// </summary>
public class AppendixDocumentTests
{
    // The document mixes no-break spaces (U+00A0) with spaces; they read alike, so they are compared alike.
    private static readonly string[] Lines = TestData.Read("appendices.txt").Replace('\u00A0', ' ').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    // The bullet list ("  • Value") that follows the first line equal to heading.
    private static string[] Bullets(string heading)
    {
        int at = Array.FindIndex(Lines, l => l.Trim() == heading);
        Assert.True(at >= 0, $"the appendix has no heading '{heading}'");
        return [.. Lines.Skip(at + 1).SkipWhile(l => !IsBullet(l)).TakeWhile(IsBullet).Select(l => l.Trim().TrimStart('•').Trim())];
    }

    // The rows ("CODE Description") of the table under the first header line after heading.
    private static (string Code, string Description)[] Table(string heading, string header)
    {
        int at = Array.FindIndex(Lines, l => l.Trim() == heading);
        Assert.True(at >= 0, $"the appendix has no heading '{heading}'");
        int start = Array.FindIndex(Lines, at, l => l.Trim() == header);
        return [.. Lines.Skip(start + 1).TakeWhile(l => l.Trim().Length > 0).Select(l => (l[..l.IndexOf(' ')], l[(l.IndexOf(' ') + 1)..].Trim()))];
    }

    private static bool IsBullet(string line) => line.TrimStart().StartsWith('•');

    public static TheoryData<string, string[]> Lists() => new()
    {
        { "Contact Roles", [.. ContactRoles.All] },
        { "Contact Types", [.. ContactTypes.All] },
        { "Contact Labels", [.. ContactLabels.All] },
        { "Appendix - Loan Types", [.. LoanTypes.All] },
        { "Appendix - Property Types", [.. PropertyTypes.All] },
        { "Appendix - Note Types", [.. NoteTypes.All] },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void Each_list_is_the_documents_list_in_its_order(string heading, string[] listed)
    {
        string[] documented = Bullets(heading);
        Assert.NotEmpty(documented);
        Assert.Equal(documented, listed);
    }

    // Each appendix's own lookup: what the validator asks before it accepts a value.
    public static TheoryData<string, string> Lookups() => new()
    {
        { "Contact Roles", nameof(ContactRoles) },
        { "Contact Types", nameof(ContactTypes) },
        { "Contact Labels", nameof(ContactLabels) },
        { "Appendix - Loan Types", nameof(LoanTypes) },
        { "Appendix - Property Types", nameof(PropertyTypes) },
        { "Appendix - Note Types", nameof(NoteTypes) },
    };

    private static bool IsDefined(string appendix, string? value) => appendix switch
    {
        nameof(ContactRoles) => ContactRoles.IsDefined(value),
        nameof(ContactTypes) => ContactTypes.IsDefined(value),
        nameof(ContactLabels) => ContactLabels.IsDefined(value),
        nameof(LoanTypes) => LoanTypes.IsDefined(value),
        nameof(PropertyTypes) => PropertyTypes.IsDefined(value),
        nameof(NoteTypes) => NoteTypes.IsDefined(value),
        _ => throw new ArgumentOutOfRangeException(nameof(appendix)),
    };

    private static string? Find(string appendix, string? value) => appendix switch
    {
        nameof(ContactRoles) => ContactRoles.Find(value),
        nameof(ContactTypes) => ContactTypes.Find(value),
        nameof(ContactLabels) => ContactLabels.Find(value),
        nameof(LoanTypes) => LoanTypes.Find(value),
        nameof(PropertyTypes) => PropertyTypes.Find(value),
        _ => throw new ArgumentOutOfRangeException(nameof(appendix)),
    };

    [Theory]
    [MemberData(nameof(Lookups))]
    public void Every_documented_value_is_accepted_as_listed_and_in_any_case_and_nothing_else_is(string heading, string appendix)
    {
        foreach (string value in Bullets(heading))
        {
            Assert.True(IsDefined(appendix, value), value);
            Assert.True(IsDefined(appendix, value.ToUpperInvariant()), value);
            Assert.True(IsDefined(appendix, value.ToLowerInvariant()), value);
        }

        Assert.False(IsDefined(appendix, null));
        Assert.False(IsDefined(appendix, string.Empty));
        Assert.False(IsDefined(appendix, "   "));
        Assert.False(IsDefined(appendix, "Unlisted"));
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public void A_value_in_another_case_is_sent_in_the_documents_spelling(string heading, string appendix)
    {
        if (appendix == nameof(NoteTypes))
        {
            return; // note types are checked, not respelled (there is no NoteTypes.Find)
        }

        foreach (string value in Bullets(heading))
        {
            Assert.Equal(value, Find(appendix, value));
            Assert.Equal(value, Find(appendix, value.ToLowerInvariant()));
            Assert.Equal(value, Find(appendix, "  " + value.ToUpperInvariant() + " "));
        }

        Assert.Null(Find(appendix, null));
        Assert.Null(Find(appendix, " "));
        Assert.Null(Find(appendix, "Unlisted"));
    }

    [Fact]
    public void The_product_codes_are_the_documents_table()
    {
        var documented = Table("Appendix - Product Codes", "Product Codes Description");
        Assert.Equal(115, documented.Length);
        Assert.Equal(documented.Select(r => r.Code), ProductCodes.All.Keys);
        foreach (var (code, description) in documented)
        {
            Assert.Equal(description, ProductCodes.All[code]);
            Assert.Equal(description, ProductCodes.All[code.ToLowerInvariant()]);
            Assert.Equal(code, ProductCodes.Find(code.ToLowerInvariant()));
            Assert.True(ProductCodes.IsDefined(code));
        }

        Assert.False(ProductCodes.IsDefined("A999"));
        Assert.False(ProductCodes.IsDefined(null));
        Assert.Null(ProductCodes.Find(" "));
    }

    [Fact]
    public void The_FHA_products_that_need_a_case_number_are_those_the_table_names_FHA()
    {
        // A019 FHA 1004 Single Family, A021 FHA 1073 Condo, A027 FHA 1025 2-4 Unit, A035 FHA 1004C Mfg Housing,
        // A070 FHA 1004 203K, A124 FHA Compliance Inspection; "FNMA ..." and the rest are not.
        string[] fha = ["A019", "A021", "A027", "A035", "A070", "A124"];
        Assert.Equal(fha, Table("Appendix - Product Codes", "Product Codes Description").Where(r => r.Description.StartsWith("FHA ", StringComparison.Ordinal)).Select(r => r.Code));
        Assert.Equal(fha, ProductCodes.All.Keys.Where(ProductCodes.IsFha));
        Assert.True(ProductCodes.IsFha("a070"));
        Assert.False(ProductCodes.IsFha(null));
        Assert.False(ProductCodes.IsFha("A999"));
        Assert.False(ProductCodes.IsFha("FHA"));
    }

    [Fact]
    public void The_document_types_are_the_documents_client_and_provider_tables()
    {
        var client = Table("Client Documents", "Document Code Description");
        var provider = Table("Provider Documents", "Document Code Description");
        Assert.Equal(client.Select(r => (int.Parse(r.Code, System.Globalization.CultureInfo.InvariantCulture), r.Description)), DocumentTypes.ClientDocuments.Select(p => (p.Key, p.Value)));
        Assert.Equal(provider.Select(r => (int.Parse(r.Code, System.Globalization.CultureInfo.InvariantCulture), r.Description)), DocumentTypes.ProviderDocuments.Select(p => (p.Key, p.Value)));

        // What a client may attach: the client table only (1000, an invoice, is the provider's).
        Assert.All(client, r => Assert.True(DocumentTypes.IsClientDocument(int.Parse(r.Code, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.False(DocumentTypes.IsClientDocument(1000));
        Assert.False(DocumentTypes.IsClientDocument(2000));
        Assert.Equal("Engagement Letter", DocumentTypes.GetDescription(2061));
        Assert.Equal("Invoice for service", DocumentTypes.GetDescription(1000));
        Assert.Equal("Appraisal Support Document", DocumentTypes.GetDescription(2060));
        Assert.Null(DocumentTypes.GetDescription(9999));
    }

    [Fact]
    public void The_named_document_type_codes_are_the_documents()
    {
        Assert.Equal(
            [1010, 2060, 2061, 2062, 2063],
            new[] { DocumentTypes.ClientPurchaseContract, DocumentTypes.ClientAppraisalSupportDocument, DocumentTypes.ClientEngagementLetter, DocumentTypes.ClientOriginalAppraisalForReview, DocumentTypes.ClientValueDispute });
        Assert.Equal(
            [1000, 1020, 1025, 2000, 2010, 2020, 2040, 2050, 2060],
            new[]
            {
                DocumentTypes.ProviderInvoiceForService, DocumentTypes.ProviderSubmissionSummaryReportFNMA, DocumentTypes.ProviderSubmissionSummaryReportFMAC,
                DocumentTypes.ProviderAppraisalPDF, DocumentTypes.ProviderMISMO26GSEAppraisalDatasetWithEmbeddedPDF, DocumentTypes.ProviderMISMO34AppraisalDatasetWithEmbeddedPDF,
                DocumentTypes.ProviderAutomatedReview, DocumentTypes.ProviderPropertyInspectionData, DocumentTypes.ProviderAppraisalSupportDocument,
            });
    }

    [Fact]
    public void The_time_slots_are_the_three_the_document_names()
    {
        // The document (Inspection Schedule, Notes): "TimeSlots – there are 3 time slots available: 1 = 8 – Noon,
        // 2 = noon – 5, 3 = 5-9." Descriptions are compared apart from case, spaces and dash style.
        static string Key(string s) => new([.. s.ToUpperInvariant().Where(c => !char.IsWhiteSpace(c)).Select(c => c is '–' or '—' ? '-' : c)]);
        Assert.Equal(["1", "2", "3"], TimeSlots.All.Keys);
        Assert.Equal(["8-NOON", "NOON-5", "5-9"], TimeSlots.All.Values.Select(Key));
        Assert.Equal(("1", "2", "3"), (TimeSlots.Morning, TimeSlots.Afternoon, TimeSlots.Evening));
        Assert.True(TimeSlots.IsDefined("3"));
        Assert.False(TimeSlots.IsDefined("4"));
        Assert.False(TimeSlots.IsDefined("0"));
        Assert.False(TimeSlots.IsDefined(null));
        Assert.False(TimeSlots.IsDefined(" 1"));
    }

    [Theory]
    [InlineData("Real Estate Agent - Buyer", "Real Estate Agent – Buyer")]
    [InlineData("real estate agent -seller", "Real Estate Agent – Seller")]
    [InlineData("Real Estate Agent\u2014 Seller", "Real Estate Agent – Seller")]
    [InlineData("Real Estate Agent \u2010 Buyer", "Real Estate Agent – Buyer")]
    [InlineData("Real Estate Agent \u2011 Buyer", "Real Estate Agent – Buyer")]
    [InlineData("Real Estate Agent \u2012 Buyer", "Real Estate Agent – Buyer")]
    [InlineData("Real Estate Agent \u2212 Buyer", "Real Estate Agent – Buyer")]
    [InlineData("Real\tEstate   Agent\u2013Buyer", "Real Estate Agent – Buyer")]
    [InlineData("  property   contact ", "Property Contact")]
    public void A_contact_role_written_with_another_dash_or_spacing_is_the_documented_role(string given, string documented) =>
        Assert.Equal(documented, ContactRoles.Find(given));

    [Theory]
    [InlineData("Real Estate Agent Buyer")]
    [InlineData("RealEstate Agent – Buyer")]
    [InlineData("Real Estate Agent – – Buyer")]
    [InlineData("Real Estate Agent _ Buyer")]
    [InlineData("LoanOfficer")]
    [InlineData("Loan Officers")]
    [InlineData("Loan - Officer")]
    public void A_contact_role_that_differs_by_more_than_dash_style_and_spacing_is_unlisted(string given) =>
        Assert.Null(ContactRoles.Find(given));

    [Theory]
    [InlineData("multi-family", "Multi-Family")]
    [InlineData("MULTI – FAMILY", "Multi-Family")]
    [InlineData("Multi\u2014Family", "Multi-Family")]
    [InlineData("vacant land", "Vacant Land")]
    [InlineData("pud", "PUD")]
    public void A_property_type_apart_from_case_dash_style_and_spacing_is_the_documented_type(string given, string documented) =>
        Assert.Equal(documented, PropertyTypes.Find(given));

    [Theory]
    [InlineData("appraisal- appointment date/time")]
    [InlineData("ON HOLD")]
    [InlineData("Follow Up")]
    public void A_note_type_is_accepted_apart_from_case(string given) => Assert.True(NoteTypes.IsDefined(given));
}
