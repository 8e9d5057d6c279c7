using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;
using Valuation.Webhooks.Inbox;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers webhook receivers, their de-duplication store and their inboxes.</summary>
public static class WebhookReceiverServiceCollectionExtensions
{
    /// <summary>
    /// Registers a receiver's processor (a singleton, also as the keyed <see cref="IWebhookProcessor"/> named
    /// <paramref name="name"/>), the clock and, unless one is registered, the in-memory de-duplication store. The
    /// vendors' registrations call this; use it for a receiver of your own.
    /// </summary>
    /// <typeparam name="TProcessor">The processor type.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="name">The receiver's name.</param>
    /// <param name="factory">Creates the processor.</param>
    /// <returns>The receiver's builder.</returns>
    public static WebhookReceiverBuilder AddWebhookReceiver<TProcessor>(this IServiceCollection services, string name, Func<IServiceProvider, TProcessor> factory)
        where TProcessor : class, IWebhookProcessor
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMessageDeduplicationStore>(sp => new InMemoryMessageDeduplicationStore(timeProvider: sp.GetRequiredService<TimeProvider>()));
        services.RemoveAll<TProcessor>();
        services.AddSingleton(factory);
        services.AddKeyedSingleton<IWebhookProcessor>(name, (sp, _) => sp.GetRequiredService<TProcessor>());
        return new WebhookReceiverBuilder(services, name);
    }

    /// <summary>
    /// Accepts, then processes: the endpoint stores each verified message in an in-memory inbox and answers 2xx at
    /// once; a hosted worker processes it with retries and back-off, then dead-letters it after
    /// <see cref="WebhookInboxOptions.MaxAttempts"/> failures. For development: nothing survives a restart (use the
    /// Redis inbox of <c>Valuation.Webhooks.Redis</c> in production).
    /// </summary>
    /// <param name="builder">The receiver's builder.</param>
    /// <param name="configure">Adjusts the worker's settings, or null.</param>
    /// <returns>The builder.</returns>
    public static WebhookReceiverBuilder UseInMemoryInbox(this WebhookReceiverBuilder builder, Action<WebhookInboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseInbox((sp, name) => new InMemoryWebhookInbox(name, sp.GetRequiredService<TimeProvider>()), configure);
    }

    /// <summary>
    /// Accepts, then processes, with an inbox of your own: registers it as the keyed <see cref="IWebhookInbox"/>
    /// named after the receiver, its <see cref="WebhookInboxOptions"/> (validated at start-up) and, unless
    /// <see cref="WebhookInboxOptions.RunWorker"/> is false, its hosted <see cref="WebhookInboxWorker"/>.
    /// </summary>
    /// <param name="builder">The receiver's builder.</param>
    /// <param name="factory">Creates the inbox, given the receiver's name.</param>
    /// <param name="configure">Adjusts the worker's settings, or null.</param>
    /// <returns>The builder.</returns>
    public static WebhookReceiverBuilder UseInbox(this WebhookReceiverBuilder builder, Func<IServiceProvider, string, IWebhookInbox> factory, Action<WebhookInboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        string name = builder.Name;
        var services = builder.Services;
        var options = services.AddOptions<WebhookInboxOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.RemoveAllKeyed<IWebhookInbox>(name);
        services.AddKeyedSingleton<IWebhookInbox>(name, (sp, _) => factory(sp, name));

        // A second call replaces the inbox; the validator and the worker are registered once.
        if (services.Any(d => d.ImplementationInstance is InboxOptionsValidator v && v.Name == name))
        {
            return builder;
        }

        services.AddSingleton<IValidateOptions<WebhookInboxOptions>>(new InboxOptionsValidator(name));
        services.AddSingleton<IHostedService>(sp =>
        {
            var settings = sp.GetRequiredService<IOptionsMonitor<WebhookInboxOptions>>().Get(name);
            if (!settings.RunWorker)
            {
                // No worker, so no inbox gauges from this instance (they are reported where a worker runs).
                return new IdleHostedService();
            }

            return new WebhookInboxWorker(
                sp.GetRequiredKeyedService<IWebhookProcessor>(name),
                sp.GetRequiredKeyedService<IWebhookInbox>(name),
                settings,
                sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<WebhookInboxWorker>>());
        });
        return builder;
    }

    private static void RemoveAllKeyed<T>(this IServiceCollection services, object key)
    {
        for (int i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(T) && services[i].IsKeyedService && Equals(services[i].ServiceKey, key))
            {
                services.RemoveAt(i);
            }
        }
    }

    private sealed class InboxOptionsValidator(string name) : IValidateOptions<WebhookInboxOptions>
    {
        public string Name { get; } = name;

        public ValidateOptionsResult Validate(string? optionsName, WebhookInboxOptions options)
        {
            if (optionsName != Name)
            {
                return ValidateOptionsResult.Skip;
            }

            var failures = options.Validate(Name);
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }

    private sealed class IdleHostedService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
