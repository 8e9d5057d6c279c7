namespace WebhookReceiver;

/// <summary>Where the receiver keeps AppraisalWorks documents (<c>Receiver:DocumentsPath</c>).</summary>
/// <param name="DocumentsPath">The folder (default <c>received-documents</c>).</param>
public sealed record ReceiverSettings(string DocumentsPath);

/// <summary>Builds the receiver; <c>Program</c> runs it, tests start it in-process on 127.0.0.1:0.</summary>
public static class ReceiverApp
{
    /// <summary>The HouseCanary callout endpoint.</summary>
    public const string CalloutPath = "/callouts/housecanary";

    /// <summary>The AppraisalWorks postback endpoint.</summary>
    public const string PostbackPath = "/postbacks/appraisalworks";

    /// <summary>
    /// Builds the app from configuration (<c>HouseCanary:Callouts</c> for callouts, <c>AppraisalWorks</c> for postbacks;
    /// either alone is enough; <c>Receiver:Inbox</c> = none, memory or redis, with <c>Receiver:Redis</c>) and the command
    /// line (<c>--urls</c>).
    /// </summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Changes to the builder before the receivers are registered (tests add settings).</param>
    /// <param name="services">Changes to the services after the receivers are registered (tests replace a handler).</param>
    /// <returns>The app, not started.</returns>
    /// <exception cref="InvalidOperationException">Neither section is configured, or <c>Receiver:Inbox</c> is unknown.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        var config = builder.Configuration;
        bool callouts = config.GetSection("HouseCanary:Callouts").Exists(), postbacks = config.GetSection("AppraisalWorks").Exists();
        if (!callouts && !postbacks)
        {
            throw new InvalidOperationException("Nothing to receive: configure HouseCanary:Callouts:* (Scheme and its secrets) and/or AppraisalWorks:* (BaseAddress, ClientId, PublicKey, PrivateKey).");
        }

        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ReceiverJsonContext.Default));
        builder.Services.AddSingleton(sp => new ReceivedLog(TimeProvider.System, config.GetValue("Receiver:MaxReceived", ReceivedLog.DefaultCapacity)));
        builder.Services.AddSingleton(new ReceiverSettings(Path.GetFullPath(config["Receiver:DocumentsPath"] ?? "received-documents")));
        if (callouts)
        {
            UseInbox(builder.Services.AddHouseCanaryCallouts<ReceiverCalloutHandler>(config.GetSection("HouseCanary:Callouts")), config);
        }

        if (postbacks)
        {
            builder.Services.AddAppraisalWorks(config.GetSection("AppraisalWorks"));
            UseInbox(builder.Services.AddAppraisalWorksPostbacks<ReceiverPostbackHandler>(config.GetSection("AppraisalWorks:Postbacks")), config);
        }

        services?.Invoke(builder.Services);
        var app = builder.Build();
        if (callouts)
        {
            app.MapHouseCanaryCallouts(CalloutPath);
        }

        if (postbacks)
        {
            app.MapAppraisalWorksPostbacks(PostbackPath);
        }

        // What was processed, with its details: for this machine's eyes only.
        app.MapGet("/received", (HttpContext context, ReceivedLog log) =>
            context.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip) ? Results.Ok(log.Entries.ToArray()) : Results.NotFound());
        return app;
    }

    private static void UseInbox(Valuation.Webhooks.WebhookReceiverBuilder receiver, ConfigurationManager config)
    {
        switch ((config["Receiver:Inbox"] ?? "none").ToLowerInvariant())
        {
            case "none":
                break;
            case "memory":
                receiver.UseInMemoryInbox();
                break;
            case "redis":
                receiver.UseRedisInbox(config["Receiver:Redis"] ?? throw new InvalidOperationException("Receiver:Inbox is redis, so Receiver:Redis (a Redis connection string) is required."), configureWorker: worker => config.GetSection("Receiver:Worker").Bind(worker));
                break;
            default:
                throw new InvalidOperationException("Receiver:Inbox must be none, memory or redis.");
        }
    }
}
