using HouseCanary.OrderManager.Callouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the HouseCanary callout endpoint.</summary>
public static class CalloutEndpointRouteBuilderExtensions
{
    /// <summary>The route the samples and the documentation use.</summary>
    public const string DefaultPattern = "/callouts/housecanary";

    /// <summary>
    /// Maps <c>POST {pattern}</c> to the callout receiver registered with
    /// <c>services.AddHouseCanaryCallouts&lt;THandler&gt;(configuration.GetSection("HouseCanary:Callouts"))</c>: verified by
    /// the scheme agreed with HouseCanary, de-duplicated on <c>message_id</c>, handled (or stored in the inbox), and
    /// answered by the engine's status table. Kestrel's body limit is raised to
    /// <see cref="Valuation.Webhooks.WebhookReceiverOptions.MaxBodyBytes"/> (50 MiB by default) for this route only.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route (default <c>/callouts/housecanary</c>).</param>
    /// <returns>The endpoint's convention builder.</returns>
    /// <exception cref="InvalidOperationException">The receiver is not registered, or its options are invalid (the message says which).</exception>
    public static IEndpointConventionBuilder MapHouseCanaryCallouts(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var processor = endpoints.ServiceProvider.GetService<CalloutProcessor>()
            ?? throw new InvalidOperationException("The HouseCanary callout receiver is not registered: call builder.Services.AddHouseCanaryCallouts<THandler>(builder.Configuration.GetSection(\"HouseCanary:Callouts\")) first.");
        return endpoints.MapWebhookReceiver(pattern, processor);
    }
}
