using System.Globalization;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Appendices;
using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Models;

namespace ValuationWorker;

/// <summary>
/// Places one HouseCanary valueReport order and one AppraisalWorks order, follows the HouseCanary order until it is
/// complete, then stops the application (Worker:StopWhenDone, true by default). Replace it with your own work: read
/// orders from a queue, place them, react to callouts and postbacks in a receiver (dotnet new valuation-receiver).
/// </summary>
public sealed class OrderWorker(
    IOrderManagerClient houseCanary,
    IAppraisalWorksClient appraisalWorks,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<OrderWorker> logger) : BackgroundService
{
    private readonly TimeSpan _pollInterval = configuration.GetValue("Worker:PollInterval", TimeSpan.FromSeconds(1));
    private readonly TimeSpan _maxWait = configuration.GetValue("Worker:MaxWait", TimeSpan.FromMinutes(2));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            string run = DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

            var order = await houseCanary.CreateOrderAsync(new CreateOrderRequest
            {
                Name = "Worker portfolio " + run,
                CustomerOrderId = "worker-" + run,
                Items = [new CreateOrderItem { Address = "123 Main St", Zipcode = "78701", CustomerItemId = "loan-1" }],
            }, stoppingToken);
            logger.LogInformation("HouseCanary order {OrderId} created ({Status})", order.Id, order.Status);

            var finished = await WaitForHouseCanaryAsync(order.Id, stoppingToken);
            logger.LogInformation("HouseCanary order {OrderId} is {Status}", finished.Id, finished.Status);

            var placed = await appraisalWorks.CreateOrderAsync(AppraisalWorksOrder("worker-" + run), stoppingToken);
            logger.LogInformation("AppraisalWorks order {OrderNumber} placed ({Condition})", placed.OrderNumber, placed.Condition);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The client exceptions say what went wrong without secrets.
            logger.LogError(ex, "The worker failed");
            Environment.ExitCode = 1;
        }

        if (configuration.GetValue("Worker:StopWhenDone", true))
        {
            lifetime.StopApplication();
        }
    }

    private async Task<Order> WaitForHouseCanaryAsync(HouseCanaryId orderId, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_maxWait);
        while (true)
        {
            var order = await houseCanary.GetOrderAsync(orderId, bounded.Token);
            if (order.Status is "complete" or "cancelled")
            {
                return order;
            }

            try
            {
                await Task.Delay(_pollInterval, bounded.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"HouseCanary order {orderId} was still {order.Status} after {_maxWait}.");
            }
        }
    }

    private static OrderRequest AppraisalWorksOrder(string transactionUid) => new()
    {
        RequestingParty = new RequestingParty { Name = "Worker Lender", ContactName = "Jordan Lender" },
        Request = new OrderDetails
        {
            InternalAccountId = transactionUid,
            LoanType = LoanTypes.Purchase,
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
