using System.Diagnostics.CodeAnalysis;
using HouseCanary.OrderManager.Callouts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;
using Valuation.Webhooks.Inbox;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the HouseCanary callout receiver. Callouts need no HouseCanary API token.</summary>
public static class CalloutServiceCollectionExtensions
{
    /// <summary>
    /// Registers the callout receiver with options bound from <paramref name="configuration"/> (the
    /// <c>HouseCanary:Callouts</c> section) and validated at start-up, and names the user's handler. Map the
    /// endpoint with <c>app.MapHouseCanaryCallouts("/callouts/housecanary")</c> (HouseCanary.OrderManager.AspNetCore),
    /// or resolve <see cref="CalloutProcessor"/> and call it yourself.
    /// </summary>
    /// <typeparam name="THandler">The handler type, registered scoped (one per callout).</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The <c>HouseCanary:Callouts</c> section.</param>
    /// <returns>The receiver's builder: chain <c>.UseInMemoryInbox()</c> or <c>.UseRedisInbox(...)</c> to accept, then process.</returns>
    public static WebhookReceiverBuilder AddHouseCanaryCallouts<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services, IConfiguration configuration)
        where THandler : CalloutHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CalloutOptions>().Bind(configuration);
        return AddCore<THandler>(services);
    }

    /// <summary>Registers the callout receiver with options set in code (validated at start-up), and names the user's handler.</summary>
    /// <typeparam name="THandler">The handler type, registered scoped (one per callout).</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The receiver's builder.</returns>
    public static WebhookReceiverBuilder AddHouseCanaryCallouts<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services, Action<CalloutOptions> configure)
        where THandler : CalloutHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CalloutOptions>().Configure(configure);
        return AddCore<THandler>(services);
    }

    private static WebhookReceiverBuilder AddCore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(IServiceCollection services)
        where THandler : CalloutHandler
    {
        services.AddOptions<CalloutOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CalloutOptions>, WebhookReceiverOptionsValidator<CalloutOptions>>());
        services.TryAddScoped<THandler>();
        services.Replace(ServiceDescriptor.Scoped<CalloutHandler>(sp => sp.GetRequiredService<THandler>()));
        return services.AddWebhookReceiver(CalloutProcessor.ReceiverName, sp => new CalloutProcessor(
            sp.GetRequiredService<IOptions<CalloutOptions>>().Value,
            handler: null,
            sp.GetRequiredService<IMessageDeduplicationStore>(),
            sp.GetKeyedService<IWebhookInbox>(CalloutProcessor.ReceiverName),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<CalloutProcessor>>()));
    }
}
