using System.Net;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Appendices;
using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Valuation.Sandbox.Clients;

namespace Valuation.Sandbox.Clients.Tests;

/// <summary>Orders placed through services.AddHouseCanaryOrderManager(sandbox) and services.AddAppraisalWorks(sandbox).</summary>
public sealed class OneCallWiringTests
{
    [Fact]
    public async Task A_HouseCanary_order_placed_through_the_one_call_reaches_the_sandbox_with_its_owner_ids_and_completes()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            ManualClock = true,
            HouseCanary = { ApiToken = "custom-token", OwnerOrganizationId = 7, OwnerId = 8 },
        });
        var services = new ServiceCollection();
        var counter = new CountingHandler();
        services.AddHouseCanaryOrderManager(sandbox).AddHttpMessageHandler(() => counter);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IOrderManagerClient>();

        var order = await client.CreateOrderAsync(HouseCanaryOrder());
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(5));
        var done = await client.GetOrderAsync(order.Id);

        Assert.Equal(2, counter.Count); // the builder returned is the client's own
        var stored = Assert.Single(sandbox.HouseCanary.Orders);
        Assert.Equal(order.Id.ToString(), stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((7L, 8L), (stored.OwnerOrganizationId, stored.OwnerId));
        Assert.Equal("complete", done.Status);
    }

    [Fact]
    public async Task An_AppraisalWorks_order_is_signed_with_the_sandbox_clock_after_it_moved_past_the_signature_window()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            ManualClock = true,
            ManualClockStart = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero),
            AppraisalWorks = { ClientId = "9001", PublicKey = "pub-test", PrivateKey = "priv-test" },
        });
        var services = new ServiceCollection();
        services.AddAppraisalWorks(sandbox, o => o.MaxRetryAttempts = 0);
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<IAppraisalWorksClient>().CreateOrderAsync(AppraisalWorksOrder("bridge-1"));

        Assert.True(response.IsSuccess);
        Assert.Same(sandbox.Clock, provider.GetRequiredService<TimeProvider>());
        Assert.Equal("bridge-1", Assert.Single(sandbox.AppraisalWorks.Orders).TransactionUid);
    }

    [Fact]
    public async Task Without_the_sandbox_clock_the_same_order_is_refused_so_the_clock_is_what_makes_it_pass()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            ManualClock = true,
            ManualClockStart = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero),
        });
        var services = new ServiceCollection();
        services.AddAppraisalWorks(new SandboxConnection(sandbox.BaseAddress), o => o.MaxRetryAttempts = 0);
        await using var provider = services.BuildServiceProvider();

        var failure = await Assert.ThrowsAsync<AppraisalWorksException>(
            () => provider.GetRequiredService<IAppraisalWorksClient>().CreateOrderAsync(AppraisalWorksOrder("bridge-2")));

        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        Assert.Empty(sandbox.AppraisalWorks.Orders);
    }

    [Fact]
    public async Task A_connection_built_from_the_printed_url_places_orders_on_both_apis_with_the_well_known_credentials()
    {
        // As with the valuation-sandbox tool: only the URL is known, the credentials are the defaults, the clock is real.
        await using var sandbox = await ValuationSandbox.StartAsync();
        var connection = new SandboxConnection(new Uri(sandbox.BaseAddress.ToString().TrimEnd('/')));
        var services = new ServiceCollection();
        services.AddHouseCanaryOrderManager(connection);
        services.AddAppraisalWorks(connection);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(HouseCanaryOrder());
        var response = await provider.GetRequiredService<IAppraisalWorksClient>().CreateOrderAsync(AppraisalWorksOrder("bridge-3"));

        Assert.Equal(sandbox.BaseAddress, connection.BaseAddress);
        Assert.Single(sandbox.HouseCanary.Orders);
        Assert.True(response.IsSuccess);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task The_options_carry_the_sandbox_settings_and_the_callback_runs_after_them()
    {
        await using var sandbox = await ValuationSandbox.StartAsync();
        var services = new ServiceCollection();
        services.AddHouseCanaryOrderManager(sandbox, o => o.OwnerId = 99);
        services.AddAppraisalWorks(sandbox, o => o.PublicKey = "changed");
        await using var provider = services.BuildServiceProvider();

        var hc = provider.GetRequiredService<IOptions<OrderManagerOptions>>().Value;
        var aw = provider.GetRequiredService<IOptions<AppraisalWorksOptions>>().Value;

        Assert.Equal(sandbox.HouseCanaryBaseAddress, hc.GetNormalizedBaseAddress());
        Assert.Equal(HouseCanarySandboxOptions.DefaultApiToken, hc.ApiToken);
        Assert.Equal(101, hc.OwnerOrganizationId);
        Assert.Equal(99, hc.OwnerId);
        Assert.Equal(sandbox.AppraisalWorksBaseAddress, aw.BaseAddress);
        Assert.Equal(AppraisalWorksSandboxOptions.DefaultClientId, aw.ClientId);
        Assert.Equal(AppraisalWorksSandboxOptions.DefaultPrivateKey, aw.PrivateKey);
        Assert.Equal("changed", aw.PublicKey);
    }

    [Fact]
    public void A_sandbox_on_the_system_clock_keeps_the_users_TimeProvider()
    {
        var mine = new FixedClock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(mine);

        services.AddAppraisalWorks(new SandboxConnection(new Uri("http://127.0.0.1:5080/")));
        using var provider = services.BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void A_sandbox_on_its_own_clock_replaces_the_users_TimeProvider()
    {
        var sandboxClock = new FixedClock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FixedClock());

        services.AddHouseCanaryOrderManager(new SandboxConnection(new Uri("http://127.0.0.1:5080/")) { Clock = sandboxClock });
        using var provider = services.BuildServiceProvider();

        Assert.Same(sandboxClock, provider.GetRequiredService<TimeProvider>());
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
    }

    internal static CreateOrderRequest HouseCanaryOrder() => new()
    {
        Name = "Bridge portfolio",
        Items = [new CreateOrderItem { Address = "123 Main St", Zipcode = "78701" }],
    };

    internal static OrderRequest AppraisalWorksOrder(string transactionUid) => new()
    {
        RequestingParty = new RequestingParty { Name = "Bridge Lender", ContactName = "Jordan Lender" },
        Request = new OrderDetails
        {
            InternalAccountId = "BR-" + transactionUid,
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
                        Party(ContactRoles.Borrower, "Connie", "Borrower"),
                        Party(ContactRoles.LoanOfficer, "Debbie", "Officer"),
                        Party(ContactRoles.LoanProcessor, "Martin", "Processor"),
                        Party(ContactRoles.AppraisalCoordinator, "Angie", "Manager"),
                    ],
                },
            },
        },
    };

    private static Party Party(string role, string first, string last) => new()
    {
        PartyType = role,
        FirstName = first,
        LastName = last,
        ContactMethod = new ContactMethod
        {
            ContactInfo = [new ContactInfo { ContactLabel = ContactLabels.Work, ContactType = ContactTypes.Email, ContactValue = first.ToLowerInvariant() + "@example.test" }],
        },
    };
}
