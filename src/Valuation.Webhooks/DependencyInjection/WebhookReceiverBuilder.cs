using Microsoft.Extensions.DependencyInjection;

namespace Valuation.Webhooks;

/// <summary>
/// What a receiver's registration (such as <c>services.AddHouseCanaryCallouts&lt;THandler&gt;(...)</c>) returns:
/// chain <c>.UseInMemoryInbox()</c> or <c>.UseRedisInbox(...)</c> on it to accept, then process.
/// </summary>
public sealed class WebhookReceiverBuilder
{
    /// <summary>Initializes a builder.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The receiver's name.</param>
    public WebhookReceiverBuilder(IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Services = services;
        Name = name;
    }

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the receiver's name: its processor, inbox, inbox options and worker are registered under it.</summary>
    public string Name { get; }
}
