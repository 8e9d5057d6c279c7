using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Valuation.Sandbox.AppraisalWorks;
using Valuation.Sandbox.Clock;
using Valuation.Sandbox.Faults;
using Valuation.Sandbox.HouseCanary;
using Valuation.Sandbox.Json;

namespace Valuation.Sandbox;

/// <summary>
/// A running emulator of the HouseCanary Order Manager Partner API and the Arrowbase AppraisalWorks API, on loopback.
/// Start it with <see cref="StartAsync(SandboxOptions?, CancellationToken)"/> and dispose it to stop it.
/// </summary>
public sealed class ValuationSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StepScheduler _scheduler;
    private readonly HttpClient _deliveryClient;
    private readonly HouseCanaryApi _houseCanary;
    private readonly AppraisalWorksApi _appraisalWorks;
    private int _disposed;

    private ValuationSandbox(
        WebApplication app,
        StepScheduler scheduler,
        HttpClient deliveryClient,
        SandboxRuntime runtime,
        HouseCanaryApi houseCanary,
        AppraisalWorksApi appraisalWorks,
        FaultInjector faults)
    {
        _app = app;
        _scheduler = scheduler;
        _deliveryClient = deliveryClient;
        _houseCanary = houseCanary;
        _appraisalWorks = appraisalWorks;
        Faults = faults;
        BaseAddress = runtime.BaseAddress;
        Credentials = new SandboxCredentials(runtime.Options.HouseCanary, runtime.Options.AppraisalWorks);
        HouseCanary = new HouseCanarySandboxState(houseCanary);
        AppraisalWorks = new AppraisalWorksSandboxState(appraisalWorks);
    }

    /// <summary>The sandbox root, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The HouseCanary API root, <c>http://127.0.0.1:PORT/partner-api/v1/</c>.</summary>
    public Uri HouseCanaryBaseAddress => new(BaseAddress, "partner-api/v1/");

    /// <summary>The AppraisalWorks API root, <c>http://127.0.0.1:PORT/RapiV1/</c>.</summary>
    public Uri AppraisalWorksBaseAddress => new(BaseAddress, "RapiV1/");

    /// <summary>The credentials the sandbox accepts.</summary>
    public SandboxCredentials Credentials { get; }

    /// <summary>The sandbox clock (the manual clock, the configured <see cref="SandboxOptions.TimeProvider"/>, or the system clock).</summary>
    public TimeProvider Clock => _scheduler.Clock;

    /// <summary>The fault rules applied to incoming requests.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Read-only views of the HouseCanary state: orders, items, exports, callout attempts, create counts.</summary>
    public HouseCanarySandboxState HouseCanary { get; }

    /// <summary>Read-only views of the AppraisalWorks state: orders, comments, documents, actions, postbacks, create counts.</summary>
    public AppraisalWorksSandboxState AppraisalWorks { get; }

    /// <summary>How many lifecycle steps and redeliveries are waiting on the clock.</summary>
    public int PendingStepCount => _scheduler.PendingCount;

    /// <summary>Starts a sandbox and returns once it listens.</summary>
    /// <param name="options">The options; null for the defaults (127.0.0.1, a free port, the well-known credentials).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running sandbox; dispose it to stop it.</returns>
    public static async Task<ValuationSandbox> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        options.Validate();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ValuationSandbox).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls(FormattableString.Invariant($"http://{FormatHost(options.Host)}:{options.Port}"));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
        });
        builder.Services.AddSingleton<IHostLifetime>(new EmbeddedHostLifetime());
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SandboxJsonContext.Default));

        var app = builder.Build();
        var loggerFactory = app.Services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("Valuation.Sandbox");

        ManualSandboxClock? manual = options.ManualClock ? new ManualSandboxClock(options.ManualClockStart ?? DateTimeOffset.UtcNow) : null;
        TimeProvider clock = manual ?? options.TimeProvider ?? TimeProvider.System;
        var scheduler = new StepScheduler(clock, manual, options.PollInterval, logger);
        var deliveryClient = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var runtime = new SandboxRuntime(options, scheduler, deliveryClient, logger);
        var faults = new FaultInjector();
        var houseCanary = new HouseCanaryApi(runtime);
        var appraisalWorks = new AppraisalWorksApi(runtime);

        app.Use((context, next) => FaultMiddleware.InvokeAsync(context, faults, next));
        app.Use((context, next) => houseCanary.AuthenticateAsync(context, next));
        app.Use((context, next) => appraisalWorks.AuthenticateAsync(context, next));
        houseCanary.Map(app);
        appraisalWorks.Map(app);
        app.MapGet("/", (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync("Valuation.Sandbox: HouseCanary at /partner-api/v1/, AppraisalWorks at /RapiV1/\n", context.RequestAborted);
        });

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            deliveryClient.Dispose();
            throw;
        }

        var bound = new Uri(app.Urls.First());
        runtime.BaseAddress = new Uri($"{bound.Scheme}://{bound.Authority}/");
        scheduler.Start();
        return new ValuationSandbox(app, scheduler, deliveryClient, runtime, houseCanary, appraisalWorks, faults);
    }

    /// <summary>
    /// Sends later HouseCanary callouts to <paramref name="url"/> (null: none), with the callout scheme chosen at
    /// start. Lets a receiver that listens on a free port (known only once it runs) start after the sandbox.
    /// </summary>
    /// <param name="url">The absolute callout URL, or null to stop sending callouts.</param>
    /// <exception cref="ArgumentException">The URL is relative, or the configured scheme lacks its credentials.</exception>
    public void SetCalloutUrl(Uri? url) => _houseCanary.SetCalloutUrl(url);

    /// <summary>
    /// Sends later AppraisalWorks postbacks to <paramref name="url"/> (null: none). Lets a receiver that listens on a
    /// free port (known only once it runs) start after the sandbox.
    /// </summary>
    /// <param name="url">The absolute postback URL (a query string is kept), or null to stop sending postbacks.</param>
    /// <exception cref="ArgumentException">The URL is relative.</exception>
    public void SetPostbackUrl(Uri? url) => _appraisalWorks.SetPostbackUrl(url);

    /// <summary>
    /// Moves the manual clock forward by <paramref name="by"/>, running every lifecycle step and redelivery that falls
    /// due on the way, in order, and awaiting their deliveries. Needs <see cref="SandboxOptions.ManualClock"/>.
    /// </summary>
    /// <param name="by">How far to move the clock.</param>
    /// <param name="cancellationToken">Cancels the advance.</param>
    /// <returns>A task that completes once every due step has run.</returns>
    /// <exception cref="InvalidOperationException">The sandbox does not use a manual clock.</exception>
    public Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken = default) => _scheduler.AdvanceAsync(by, cancellationToken);

    /// <summary>Runs, in order, every step the clock says is due now (useful with an external <see cref="SandboxOptions.TimeProvider"/>).</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>A task that completes once the due steps have run.</returns>
    public Task RunDueStepsAsync(CancellationToken cancellationToken = default) => _scheduler.RunDueAsync(cancellationToken);

    /// <summary>Stops the server and the clock.</summary>
    /// <returns>A task that completes once stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _scheduler.DisposeAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _deliveryClient.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"ValuationSandbox({BaseAddress})";

    private static string FormatHost(string host) =>
        System.Net.IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
}
