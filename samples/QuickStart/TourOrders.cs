using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Appendices;
using HouseCanary.OrderManager.Models;

namespace QuickStart;

/// <summary>The orders the tour places: fictitious people and addresses.</summary>
public static class TourOrders
{
    /// <summary>A HouseCanary valueReport order for two addresses (one with a unit and customer_item_id).</summary>
    /// <param name="runId">Makes the customer_order_id unique per run.</param>
    /// <returns>The request.</returns>
    public static CreateOrderRequest HouseCanary(string runId) => new()
    {
        Name = "Quick start portfolio",
        CustomerOrderId = "QS-" + runId,
        Items =
        [
            new CreateOrderItem { Address = "123 Main St", Unit = "4B", Zipcode = "78701", CustomerItemId = "loan-1" },
            new CreateOrderItem { Address = "9 Elm St", City = "Austin", State = "TX" },
        ],
    };

    /// <summary>An AppraisalWorks FNMA 1004 purchase order with every party the API requires.</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <returns>The request.</returns>
    public static OrderRequest AppraisalWorks(string transactionUid) => new()
    {
        ReferenceNumber = "quickstart-" + transactionUid,
        RequestingParty = new RequestingParty { Name = "Quick Start Lender", ContactName = "Jordan Lender" },
        Request = new OrderDetails
        {
            InternalAccountId = "QS-" + transactionUid,
            LoanType = LoanTypes.Purchase,
            LoanAmount = 300000m,
            SalesPrice = 350000m,
            TransactionUid = transactionUid,
            RequestData = new RequestData
            {
                Action = RequestActions.Original,
                Loan = new Loan
                {
                    Application = new LoanApplication
                    {
                        Property = new SubjectProperty
                        {
                            StreetAddress = "6000 Freedom Square Dr.", City = "Independence", State = "OH", Zip = "44131",
                            PropertyType = PropertyTypes.SingleFamily,
                        },
                    },
                    Product = new Product { Code = ProductCodes.CodeA001, Name = ProductCodes.All[ProductCodes.CodeA001] },
                    Parties =
                    [
                        Party(ContactRoles.Borrower, "Connie", "Borrower", "connie@example.test"),
                        Party(ContactRoles.LoanOfficer, "Debbie", "Officer", "debbie@example.test"),
                        Party(ContactRoles.LoanProcessor, "Martin", "Processor", "martin@example.test"),
                        Party(ContactRoles.AppraisalCoordinator, "Angie", "Manager", "angie@example.test"),
                    ],
                },
            },
        },
    };

    /// <summary>A small PDF to upload as a client document.</summary>
    /// <returns>The bytes.</returns>
    public static byte[] SupportDocument() => System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" +
        "% Quick start appraisal support document\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static Party Party(string role, string first, string last, string email) => new()
    {
        PartyType = role,
        FirstName = first,
        LastName = last,
        ContactMethod = new ContactMethod
        {
            ContactInfo = [new ContactInfo { ContactLabel = ContactLabels.Work, ContactType = ContactTypes.Email, ContactValue = email }],
        },
    };
}
