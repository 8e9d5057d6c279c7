using Arrowbase.AppraisalWorks;
using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.DependencyInjection;
using QuickStart;
using Valuation.Sandbox;
using Valuation.Sandbox.Faults;

namespace EndToEnd.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task HouseCanary_connection_dropped_after_the_create_was_read_throws_once_and_leaves_one_order()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { ManualClock = true });
        sandbox.Faults.Add(new FaultRule { Api = SandboxApi.HouseCanary, Method = "POST", PathPattern = "/partner-api/v1/orders/", Kind = FaultKind.DropConnectionAfterRequestRead, Times = 1 });
        await using var clients = SandboxClients.Create(sandbox);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => clients.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(TourOrders.HouseCanary("FAULT1")));

        Assert.True(ex is HttpRequestException or IOException or OrderManagerException, ex.GetType().FullName);
        Assert.Equal(1, sandbox.HouseCanary.CreateOrderRequestCount);
        Assert.Single(sandbox.HouseCanary.Orders);
    }

    [Fact]
    public async Task AppraisalWorks_connection_dropped_after_the_create_was_read_throws_once_and_leaves_one_order()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { ManualClock = true });
        sandbox.Faults.Add(new FaultRule { Api = SandboxApi.AppraisalWorks, Method = "POST", PathPattern = "/RapiV1/Orders", Kind = FaultKind.DropConnectionAfterRequestRead, Times = 1 });
        await using var clients = SandboxClients.Create(sandbox);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => clients.GetRequiredService<IAppraisalWorksClient>().CreateOrderAsync(TourOrders.AppraisalWorks("E2E-FAULT-1")));

        Assert.True(ex is HttpRequestException or IOException or AppraisalWorksException, ex.GetType().FullName);
        Assert.Equal(1, sandbox.AppraisalWorks.CreateOrderRequestCount);
        var order = Assert.Single(sandbox.AppraisalWorks.Orders);
        Assert.Single(order.LinkedOrderNumbers);
    }
}
