using System.Net;
using System.Text;
using Arrowbase.AppraisalWorks.Appendices;
using Arrowbase.AppraisalWorks.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Valuation.Tests.Wire;

namespace Arrowbase.AppraisalWorks.Tests.Wire;

/// <summary>
/// Every request of the AppraisalWorks API as the SDK puts it on the wire: method, exact URL, the signed headers and
/// the exact JSON text, compared with fixtures written from the document's examples and field tables
/// (TestData/README.md lists each correction the tables make). Requests are built from typed values in code.
/// </summary>
public class RequestWireTests
{
    private const string Root = "https://uat-api.arrowbasetech.com/RapiV1";
    private const string Uid = "81B9-F16E-03D8-4C3F";
    private const string Pdf = "%PDF-1.4\n";

    private static (AppraisalWorksClient Client, RecordingHandler Wire) Recorded(AppraisalWorksOptions? options = null, string responseJson = """{"isSuccess":true,"datetime":"2022-04-04 16:58:31Z"}""")
    {
        var wire = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(responseJson, Encoding.UTF8, "application/json") });
        var time = new FakeTimeProvider(new DateTimeOffset(2022, 4, 12, 16, 32, 25, TimeSpan.Zero));
        return (AppraisalWorksClient.Create(options ?? Keys.Options(), wire, time), wire);
    }

    private static void AssertSigned(RecordedRequest request, string method, string relative)
    {
        Assert.Equal(method, request.Method);
        Assert.Equal(Root + relative, request.Url);
        Assert.Equal("2022-04-12 16:32:25Z", request.Header("x-request-date"));
        Assert.Equal($"hmac {Keys.PublicKey}:{Keys.Expected($"{method},application/json,,{relative},2022-04-12 16:32:25Z")}", request.Header("Authorization"));
        Assert.Equal("application/json", request.ContentHeader("Content-Type"));
    }

    private static ContactMethod Contacts(params (string Label, string Type, string Value)[] entries) => new()
    {
        ContactInfo = [.. entries.Select(e => new ContactInfo { ContactLabel = e.Label, ContactType = e.Type, ContactValue = e.Value })],
    };

    /// <summary>The document's comprehensive example, built field by field in code.</summary>
    public static OrderRequest ComprehensiveOrder() => new()
    {
        ReferenceNumber = "demoAPI-012345",
        ComplexProperty = false,
        Priority = false,
        RequestedDueDate = AppraisalWorksDate.FromDate(new DateOnly(2023, 12, 22)),
        FhaCaseNumber = "456-1569785",
        InternalComment = "Comments for the appraisal desk and review team.",
        DuCaseFileId = "02-34567890",
        LpaKey = "01-23456789",
        VendorInstructions = "Comments for the appraiser or AMC.",
        RequestingParty = new RequestingParty { ClientId = "4564", Name = "ABC Lender", ContactName = "John Smith" },
        Request = new OrderDetails
        {
            InternalAccountId = "12345",
            BranchId = "Branch4567",
            LoanAmount = 300000.00m,
            SalesPrice = 350000.00m,
            EstimatedValue = 350000.00m,
            LoanType = LoanTypes.Purchase,
            TransactionUid = Uid,
            RequestData = new RequestData
            {
                Action = RequestActions.Original,
                Loan = new Loan
                {
                    Application = new LoanApplication
                    {
                        Property = new SubjectProperty
                        {
                            StreetAddress = "6000 Freedom Square Dr.", City = "Independence", State = "OH", County = "Cuyahoga", Zip = "44131",
                            PropertyType = PropertyTypes.SingleFamily,
                        },
                    },
                    Product = new Product { Name = "FNMA 1004 Single Family", Code = ProductCodes.CodeA001 },
                    EmbeddedFile =
                    [
                        new EmbeddedFile
                        {
                            TypeId = DocumentTypes.ClientPurchaseContract, Name = "purchasecontract.PDF", Description = "Purchase Contract",
                            Document = EmbeddedFileContent.FromStream(new MemoryStream(Encoding.ASCII.GetBytes(Pdf))),
                        },
                    ],
                    Parties =
                    [
                        new Party
                        {
                            PartyType = ContactRoles.Borrower, FirstName = "Connie", MiddleName = "H", LastName = "Borrower", FullName = "Connie H Borrower",
                            ContactMethod = Contacts(("Home", "Phone", "(440) 222-3333"), ("Home", "Email", "connie@donotusetest.com")),
                        },
                        new Party
                        {
                            PartyType = ContactRoles.AppraisalCoordinator, FirstName = "Angie", MiddleName = "T", LastName = "Manager", FullName = "Angie T Manager",
                            ContactMethod = Contacts(("Mobile", "Phone", "(919) 933-7717"), ("Home", "Email", "angie@donotusetest.com")),
                        },
                        new Party
                        {
                            PartyType = ContactRoles.PropertyContact, FirstName = "Peter", MiddleName = "T", LastName = "contact", FullName = "Peter T Contact",
                            ContactMethod = Contacts(("Home", "Phone", "(919) 933-2517"), ("Work", "Email", "peter@donotusetest.com")),
                        },
                        new Party
                        {
                            PartyType = ContactRoles.LoanOfficer, FirstName = "Debbie", MiddleName = "", LastName = "Officer", FullName = "Debbie Officer",
                            ContactMethod = Contacts(("Work", "Phone", "(984) 219-5641"), ("Work", "Email", "Debbie@donotusetest.com")),
                        },
                        new Party
                        {
                            PartyType = ContactRoles.LoanProcessor, FirstName = "Martin", MiddleName = "J", LastName = "Processor", FullName = "Martin J Processor",
                            ContactMethod = Contacts(("Work", "Phone", "(222) 333-5555"), ("Work", "Email", "Martin@donotuse.test.com")),
                        },
                    ],
                },
            },
        },
    };

    [Fact]
    public async Task Create_order_sends_the_comprehensive_example_exactly_with_the_tables_types()
    {
        var (client, wire) = Recorded(responseJson: TestData.Read("order-response.json"));

        await client.CreateOrderAsync(ComprehensiveOrder());

        var request = Assert.Single(wire.Requests);
        AssertSigned(request, "POST", "/Orders");
        WireJson.AssertSame(TestData.Read("Wire/order.json"), request.BodyText);
    }

    [Fact]
    public async Task Appendix_values_go_out_in_their_documented_spelling()
    {
        var (client, wire) = Recorded(responseJson: TestData.Read("order-response.json"));
        var order = ComprehensiveOrder();
        var loan = order.Request!.RequestData!.Loan!;
        order = order with
        {
            Request = order.Request with
            {
                LoanType = "purchase",
                RequestData = order.Request.RequestData with
                {
                    Action = "original",
                    Loan = loan with
                    {
                        Application = new LoanApplication { Property = loan.Application!.Property! with { PropertyType = "single  family" } },
                        Product = new Product { Name = "FNMA 1004 Single Family", Code = "a001" },
                        Parties = [.. loan.Parties!.Select(p => p.PartyType == ContactRoles.PropertyContact ? Relabel(p) : p)],
                    },
                },
            },
        };

        await client.CreateOrderAsync(order);

        var sent = System.Text.Json.JsonDocument.Parse(Assert.Single(wire.Requests).BodyText).RootElement.GetProperty("request");
        Assert.Equal("Purchase", sent.GetProperty("loanType").GetString());
        var data = sent.GetProperty("requestData");
        Assert.Equal("Original", data.GetProperty("action").GetString());
        Assert.Equal("Single Family", data.GetProperty("loan").GetProperty("application").GetProperty("property").GetProperty("propertyType").GetString());
        Assert.Equal("A001", data.GetProperty("loan").GetProperty("product").GetProperty("code").GetString());
        var party = data.GetProperty("loan").GetProperty("parties")[2];
        Assert.Equal("Real Estate Agent – Buyer", party.GetProperty("partyType").GetString());
        var info = party.GetProperty("contactMethod").GetProperty("contactInfo")[0];
        Assert.Equal("Mobile", info.GetProperty("contactLabel").GetString());
        Assert.Equal("Phone", info.GetProperty("contactType").GetString());
        Assert.Equal("purchase", order.Request!.LoanType); // the caller's objects are left as they were
        Assert.Equal("real estate agent - buyer", order.Request.RequestData!.Loan!.Parties![2].PartyType);

        static Party Relabel(Party p) => new()
        {
            PartyType = "real estate agent - buyer", FirstName = p.FirstName, MiddleName = p.MiddleName, LastName = p.LastName, FullName = p.FullName,
            ContactMethod = Contacts(("mobile", "PHONE", "(919) 933-2517")),
        };
    }

    [Fact]
    public async Task Add_comment_sends_the_example()
    {
        var (client, wire) = Recorded();
        await client.AddCommentAsync(Uid, "Hello, this is a comment.");
        var request = Assert.Single(wire.Requests);
        AssertSigned(request, "POST", $"/Orders/{Uid}/Comments");
        WireJson.AssertSame(TestData.Read("Wire/action-comment.json"), request.BodyText);
    }

    [Fact]
    public async Task Add_document_sends_the_example_with_typeID_as_the_tables_integer()
    {
        var (client, wire) = Recorded();
        await client.AddDocumentAsync(Uid, DocumentTypes.ClientAppraisalSupportDocument, "filename.docnewdocument.PDF", "Appraisal Support Document", new MemoryStream(Encoding.ASCII.GetBytes(Pdf)));
        var request = Assert.Single(wire.Requests);
        AssertSigned(request, "POST", $"/Orders/{Uid}/Documents");
        WireJson.AssertSame(TestData.Read("Wire/action-document.json"), request.BodyText);
    }

    [Fact]
    public async Task Update_contact_sends_the_example_with_the_tables_lastName()
    {
        var (client, wire) = Recorded();
        await client.UpdateContactAsync(Uid, new ContactUpdate { PartyType = "property contact", FirstName = "Jane", LastName = "Smith", EmailAddress = "JaneSmith@test.com", Phone = "555-555-5555" });
        var request = Assert.Single(wire.Requests);
        AssertSigned(request, "PUT", $"/Orders/{Uid}/Contacts");
        WireJson.AssertSame(TestData.Read("Wire/action-contacts.json"), request.BodyText);
    }

    [Fact]
    public async Task Hold_resume_and_cancel_send_their_examples()
    {
        var (client, wire) = Recorded();
        await client.PlaceOnHoldAsync(Uid, "Borrower payment not received");
        await client.ResumeAsync(Uid, "Borrower payment received.");
        await client.CancelAsync(Uid, "Borrower has decided not to proceed with the loan.");
        await client.CancelAsync(Uid);

        AssertSigned(wire.Requests[0], "PUT", $"/Orders/{Uid}/Hold");
        WireJson.AssertSame(TestData.Read("Wire/action-hold.json"), wire.Requests[0].BodyText);
        AssertSigned(wire.Requests[1], "PUT", $"/Orders/{Uid}/Resume");
        WireJson.AssertSame(TestData.Read("Wire/action-resume.json"), wire.Requests[1].BodyText);
        AssertSigned(wire.Requests[2], "PUT", $"/Orders/{Uid}/Cancel");
        WireJson.AssertSame(TestData.Read("Wire/action-cancel.json"), wire.Requests[2].BodyText);
        AssertSigned(wire.Requests[3], "PUT", $"/Orders/{Uid}/Cancel");
        WireJson.AssertSame(TestData.Read("Wire/action-cancel-without-reason.json"), wire.Requests[3].BodyText);
    }

    [Fact]
    public async Task Deliver_to_borrower_sends_all_six_members_as_the_table_requires()
    {
        var (client, wire) = Recorded();
        await client.DeliverToBorrowerAsync(Uid, new BorrowerDelivery
        {
            BorrowerEmail = "JohnHomeowner@test.com", BorrowerAddress1 = "123 Main St", BorrowerAddress2 = "Apt 2",
            BorrowerCity = "SomewhereVille", BorrowerState = "OH", BorrowerZip = "42131",
        });
        var request = Assert.Single(wire.Requests);
        AssertSigned(request, "PUT", $"/Orders/{Uid}/DeliverToBorrower");
        WireJson.AssertSame(TestData.Read("Wire/action-deliver-to-borrower.json"), request.BodyText);
    }

    [Fact]
    public async Task Inspection_schedule_sends_the_example_with_dates_as_yyyy_MM_dd_and_slots_as_strings()
    {
        var (client, wire) = Recorded();
        await client.RequestInspectionScheduleAsync(Uid, new InspectionScheduleRequest
        {
            Option1Date = new DateOnly(2022, 8, 15), Option1TimeSlot = TimeSlots.Morning,
            Option2Date = new DateOnly(2022, 8, 16), Option2TimeSlot = TimeSlots.Morning,
            Option3Date = new DateOnly(2022, 8, 17), Option3TimeSlot = TimeSlots.Afternoon,
            ContactPhone = "555-555-5555", Cell = true, Comments = "I have a big friendly dog",
        });
        var request = Assert.Single(wire.Requests);
        AssertSigned(request, "PUT", $"/Orders/{Uid}/InspectionSchedule");
        WireJson.AssertSame(TestData.Read("Wire/action-inspection-schedule.json"), request.BodyText);
    }

    [Fact]
    public async Task Reschedule_sends_the_example_with_the_documented_appointment_form()
    {
        var (client, wire) = Recorded();
        await client.RescheduleAppointmentAsync(Uid, new RescheduleRequest
        {
            OrderId = "12345", AppointmentDate = AppraisalWorksDate.FromAppointment(new DateTime(2021, 1, 1, 12, 0, 0), "EST"), Comment = "Property contact needs to reschedule.",
        });
        var request = Assert.Single(wire.Requests);
        AssertSigned(request, "PUT", $"/Orders/{Uid}/Reschedule");
        WireJson.AssertSame(TestData.Read("Wire/action-reschedule.json"), request.BodyText);
    }

    public static TheoryData<string, string> EventRoutes => new()
    {
        { "Comments", $"/Orders/{Uid}/Comments/3702215" },
        { "Documents", $"/Orders/{Uid}/Documents/3702215" },
        { "Hold", $"/Orders/{Uid}/Hold/3702215" },
        { "Resume", $"/Orders/{Uid}/Resume/3702215" },
        { "Cancel", $"/Orders/{Uid}/Cancel/3702215" },
        { "Assignment", $"/Orders/{Uid}/Assignment/3702215" },
        { "FeeChanged", $"/Orders/{Uid}/FeeChanged/3702215" },
        { "ExpectedDelivery", $"/Orders/{Uid}/ExpectedDelivery" },
        { "Scheduled", $"/Orders/{Uid}/Scheduled" },
        { "Rescheduled", $"/Orders/{Uid}/Rescheduled" },
        { "Completed", $"/Orders/{Uid}/Completed" },
    };

    [Theory]
    [MemberData(nameof(EventRoutes))]
    public async Task Every_event_GET_is_signed_with_its_route_and_says_Content_Type_application_json_with_no_body(string eventName, string relative)
    {
        var (client, wire) = Recorded(responseJson: """{"isSuccess":true,"datetime":"2022-04-04 16:58:31Z"}""");

        await client.FetchEventAsync(new Postbacks.PostbackEvent(Uid, eventName, 3702215, null), (_, _) => ValueTask.FromResult<Stream>(new MemoryStream()));

        var request = Assert.Single(wire.Requests);
        AssertSigned(request, "GET", relative);
        Assert.Equal([], request.Body!);
    }

    [Fact]
    public async Task With_the_option_off_a_GET_carries_no_content_and_no_Content_Type()
    {
        var options = Keys.Options();
        options.ContentTypeOnGet = false;
        var (client, wire) = Recorded(options);

        await client.GetHoldAsync(Uid, 7);

        var request = Assert.Single(wire.Requests);
        Assert.Null(request.Body);
        Assert.Null(request.ContentHeaders);
        Assert.Equal($"hmac {Keys.PublicKey}:{Keys.Expected($"GET,application/json,,/Orders/{Uid}/Hold/7,2022-04-12 16:32:25Z")}", request.Header("Authorization"));
    }
}
