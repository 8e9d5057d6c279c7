using Valuation.Sandbox.Delivery;

namespace Valuation.Sandbox.HouseCanary;

/// <summary>Read-only snapshots of the sandbox's HouseCanary side, for assertions in tests.</summary>
public sealed class HouseCanarySandboxState
{
    private readonly HouseCanaryApi _api;

    internal HouseCanarySandboxState(HouseCanaryApi api) => _api = api;

    /// <summary>Every order created, oldest first, with its items.</summary>
    public IReadOnlyList<HouseCanaryOrderSnapshot> Orders => _api.Orders;

    /// <summary>Every export request, oldest first.</summary>
    public IReadOnlyList<HouseCanaryExportSnapshot> Exports => _api.Exports;

    /// <summary>Every callout delivery attempt (first attempts and redeliveries), in the order made.</summary>
    public IReadOnlyList<DeliveryAttempt> CalloutAttempts => _api.Dispatcher.Attempts;

    /// <summary>How many <c>POST orders/</c> requests reached the handler (valid or not): proves "no duplicate order".</summary>
    public int CreateOrderRequestCount => _api.CreateOrderRequestCount;
}
