using System.Diagnostics.CodeAnalysis;
using Arrowbase.AppraisalWorks.Postbacks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;
using Valuation.Webhooks.Inbox;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AppraisalWorks postback receiver (it fetches each event's details with the client of <c>AddAppraisalWorks</c>).</summary>
public static class PostbackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the postback receiver with options bound from <paramref name="configuration"/> (the
    /// <c>AppraisalWorks:Postbacks</c> section) and validated at start-up, and names the user's handler. Register the
    /// client too (<c>services.AddAppraisalWorks(...)</c>): it fetches each event's details. Map the endpoint with
    /// <c>app.MapAppraisalWorksPostbacks("/postbacks/appraisalworks")</c> (Arrowbase.AppraisalWorks.AspNetCore).
    /// </summary>
    /// <typeparam name="THandler">The handler type, registered scoped (one per postback).</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The <c>AppraisalWorks:Postbacks</c> section (it may be absent: the defaults accept unauthenticated postbacks, with a warning).</param>
    /// <returns>The receiver's builder: chain <c>.UseInMemoryInbox()</c> or <c>.UseRedisInbox(...)</c> to accept, then fetch.</returns>
    public static WebhookReceiverBuilder AddAppraisalWorksPostbacks<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services, IConfiguration configuration)
        where THandler : PostbackHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PostbackOptions>().Bind(configuration);
        return AddCore<THandler>(services);
    }

    /// <summary>Registers the postback receiver with options set in code (validated at start-up), and names the user's handler.</summary>
    /// <typeparam name="THandler">The handler type, registered scoped (one per postback).</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The receiver's builder.</returns>
    public static WebhookReceiverBuilder AddAppraisalWorksPostbacks<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services, Action<PostbackOptions>? configure = null)
        where THandler : PostbackHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PostbackOptions>().Configure(configure ?? (static _ => { }));
        return AddCore<THandler>(services);
    }

    private static WebhookReceiverBuilder AddCore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(IServiceCollection services)
        where THandler : PostbackHandler
    {
        services.AddOptions<PostbackOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostbackOptions>, WebhookReceiverOptionsValidator<PostbackOptions>>());
        services.TryAddScoped<THandler>();
        services.Replace(ServiceDescriptor.Scoped<PostbackHandler>(sp => sp.GetRequiredService<THandler>()));
        return services.AddWebhookReceiver(PostbackProcessor.ReceiverName, sp => new PostbackProcessor(
            sp.GetRequiredService<IOptions<PostbackOptions>>().Value,
            client: null,
            handler: null,
            sp.GetRequiredService<IMessageDeduplicationStore>(),
            sp.GetKeyedService<IWebhookInbox>(PostbackProcessor.ReceiverName),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<PostbackProcessor>>()));
    }
}
