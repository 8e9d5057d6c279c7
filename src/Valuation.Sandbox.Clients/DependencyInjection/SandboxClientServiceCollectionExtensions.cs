using Arrowbase.AppraisalWorks;
using HouseCanary.OrderManager;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Valuation.Sandbox;
using Valuation.Sandbox.Clients;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Points the HouseCanary Order Manager and AppraisalWorks clients at a running sandbox in one call: the API root,
/// the credentials the sandbox accepts and its clock. Each overload calls the client's own registration
/// (<c>AddHouseCanaryOrderManager(Action&lt;OrderManagerOptions&gt;)</c>, <c>AddAppraisalWorks(Action&lt;AppraisalWorksOptions&gt;)</c>),
/// so the resilience pipeline, the signer and validation at start-up are those of production.
/// </summary>
public static class SandboxClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IOrderManagerClient"/> against an in-process sandbox: its HouseCanary root, API token and
    /// owner ids, and its clock as the container's <see cref="TimeProvider"/> (see <see cref="SandboxConnection.Clock"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="sandbox">The running sandbox.</param>
    /// <param name="configure">Changes the options after the sandbox's are set, or null.</param>
    /// <returns>The typed client's builder, to add handlers.</returns>
    public static IHttpClientBuilder AddHouseCanaryOrderManager(this IServiceCollection services, ValuationSandbox sandbox, Action<OrderManagerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        return services.AddHouseCanaryOrderManager(SandboxConnection.From(sandbox), configure);
    }

    /// <summary>
    /// Registers <see cref="IOrderManagerClient"/> against a sandbox running elsewhere (such as the valuation-sandbox
    /// tool), or an in-process one described by <see cref="SandboxConnection.From(ValuationSandbox)"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="sandbox">Where the sandbox listens and what it accepts.</param>
    /// <param name="configure">Changes the options after the sandbox's are set, or null.</param>
    /// <returns>The typed client's builder, to add handlers.</returns>
    public static IHttpClientBuilder AddHouseCanaryOrderManager(this IServiceCollection services, SandboxConnection sandbox, Action<OrderManagerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sandbox);
        UseClock(services, sandbox.Clock);
        return services.AddHouseCanaryOrderManager(o =>
        {
            o.BaseAddress = sandbox.HouseCanaryBaseAddress;
            o.ApiToken = sandbox.ApiToken;
            o.OwnerOrganizationId = sandbox.OwnerOrganizationId;
            o.OwnerId = sandbox.OwnerId;
            configure?.Invoke(o);
        });
    }

    /// <summary>
    /// Registers <see cref="IAppraisalWorksClient"/> against an in-process sandbox: its AppraisalWorks root, client id
    /// and keys, and its clock as the container's <see cref="TimeProvider"/>, so the signer stamps
    /// <c>x-request-date</c> with the sandbox's time even after a manual clock has moved.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="sandbox">The running sandbox.</param>
    /// <param name="configure">Changes the options after the sandbox's are set, or null.</param>
    /// <returns>The typed client's builder, to add handlers.</returns>
    public static IHttpClientBuilder AddAppraisalWorks(this IServiceCollection services, ValuationSandbox sandbox, Action<AppraisalWorksOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        return services.AddAppraisalWorks(SandboxConnection.From(sandbox), configure);
    }

    /// <summary>
    /// Registers <see cref="IAppraisalWorksClient"/> against a sandbox running elsewhere (such as the valuation-sandbox
    /// tool), or an in-process one described by <see cref="SandboxConnection.From(ValuationSandbox)"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="sandbox">Where the sandbox listens and what it accepts.</param>
    /// <param name="configure">Changes the options after the sandbox's are set, or null.</param>
    /// <returns>The typed client's builder, to add handlers.</returns>
    public static IHttpClientBuilder AddAppraisalWorks(this IServiceCollection services, SandboxConnection sandbox, Action<AppraisalWorksOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sandbox);
        UseClock(services, sandbox.Clock);
        return services.AddAppraisalWorks(o =>
        {
            o.BaseAddress = sandbox.AppraisalWorksBaseAddress;
            o.ClientId = sandbox.ClientId;
            o.PublicKey = sandbox.PublicKey;
            o.PrivateKey = sandbox.PrivateKey;
            configure?.Invoke(o);
        });
    }

    /// <summary>
    /// The clients read the time from the container's <see cref="TimeProvider"/>. A sandbox on the system clock leaves
    /// any registration alone; a sandbox on its own clock (manual or fake) replaces it, because the sandbox checks
    /// the AppraisalWorks signature's <c>x-request-date</c> against that clock.
    /// </summary>
    private static void UseClock(IServiceCollection services, TimeProvider clock)
    {
        if (ReferenceEquals(clock, TimeProvider.System))
        {
            services.TryAddSingleton(TimeProvider.System);
        }
        else
        {
            services.Replace(ServiceDescriptor.Singleton(clock));
        }
    }
}
