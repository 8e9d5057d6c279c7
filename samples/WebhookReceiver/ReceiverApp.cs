using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager.Callouts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shared.Signing.Deduplication;

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
    /// Builds the app from configuration (<c>HouseCanary:Callouts:*</c> for callouts, <c>AppraisalWorks:*</c> for
    /// postbacks; either alone is enough) and the command line (<c>--urls</c>).
    /// </summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Changes to the builder before it builds (tests add settings or replace a handler).</param>
    /// <returns>The app, not started.</returns>
    /// <exception cref="InvalidOperationException">Neither section is configured.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        var callouts = builder.Configuration.GetSection("HouseCanary:Callouts");
        var postbacks = builder.Configuration.GetSection("AppraisalWorks");
        bool hasCallouts = callouts.Exists();
        bool hasPostbacks = postbacks.Exists();
        if (!hasCallouts && !hasPostbacks)
        {
            throw new InvalidOperationException(
                "Nothing to receive: configure HouseCanary:Callouts:* (Scheme and its secrets) and/or AppraisalWorks:* (BaseAddress, ClientId, PublicKey, PrivateKey).");
        }

        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ReceiverJsonContext.Default));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ReceivedLog>();
        builder.Services.TryAddSingleton(new ReceiverSettings(Path.GetFullPath(builder.Configuration["Receiver:DocumentsPath"] ?? "received-documents")));
        builder.Services.TryAddSingleton<IMessageDeduplicationStore>(sp => new InMemoryMessageDeduplicationStore(timeProvider: sp.GetRequiredService<TimeProvider>()));

        if (hasCallouts)
        {
            var options = new CalloutOptions();
            callouts.Bind(options);
            builder.Services.AddSingleton(options);
            builder.Services.TryAddSingleton(new CalloutVerifier(options));
            builder.Services.TryAddSingleton<CalloutParser>();
            builder.Services.TryAddScoped<CalloutHandler, ReceiverCalloutHandler>();
            builder.Services.TryAddScoped(sp => new CalloutProcessor(
                sp.GetRequiredService<CalloutVerifier>(),
                sp.GetRequiredService<CalloutParser>(),
                sp.GetRequiredService<IMessageDeduplicationStore>(),
                sp.GetRequiredService<CalloutHandler>(),
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<CalloutProcessor>>()));
        }

        if (hasPostbacks)
        {
            builder.Services.AddAppraisalWorks(postbacks);
            builder.Services.AddAppraisalWorksPostbackHandler<ReceiverPostbackHandler>();
        }

        var app = builder.Build();
        if (hasCallouts)
        {
            app.MapPost(CalloutPath, async (HttpRequest request, CalloutProcessor processor, CancellationToken ct) =>
            {
                var result = await processor.ProcessAsync(
                    new CalloutRequest(request.Body, request.ContentLength, name => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null, request.QueryString.Value),
                    ct);
                return Results.Text(result.Message, statusCode: result.StatusCode);
            });
        }

        if (hasPostbacks)
        {
            app.MapPost(PostbackPath, async (HttpRequest request, PostbackProcessor processor, CancellationToken ct) =>
            {
                var result = await processor.ProcessAsync(request.Body, name => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null, request.QueryString.Value, ct);
                return Results.Text(result.Message, statusCode: result.StatusCode);
            });
        }

        app.MapGet("/received", (ReceivedLog log) => log.Entries.ToArray());
        return app;
    }
}
