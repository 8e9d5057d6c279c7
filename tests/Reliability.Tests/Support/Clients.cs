using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Arrowbase.AppraisalWorks;
using HouseCanary.OrderManager;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Valuation.Sandbox;

namespace Reliability.Tests.Support;

/// <summary>Both packages registered through their real DI extensions, with delays and timeouts short enough for tests.</summary>
internal static class Clients
{
    /// <summary>One attempt's limit in the fault matrix: long enough for a cold 2-core CI machine, short enough to run fast.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    public const int MaxRetryAttempts = 3;

    /// <summary>The options name under which Microsoft.Extensions.Http.Resilience keeps a typed client's standard pipeline.</summary>
    public const string AppraisalWorksResilienceName = "IAppraisalWorksClient-standard";

    /// <summary>A setup step's attempt limit: generous, so that CPU load on a shared machine never fails a test's preparation.</summary>
    public static readonly TimeSpan SetupAttemptTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The total limit of a call in these tests.</summary>
    public static readonly TimeSpan TotalRequestTimeout = TimeSpan.FromSeconds(60);

    public static ServiceProvider HouseCanary(
        Uri baseAddress,
        string apiToken,
        AttemptRecorder? recorder = null,
        ConcurrentQueue<TimeSpan>? retryDelays = null,
        Action<ILoggingBuilder>? logging = null,
        Action<IServiceCollection>? more = null,
        Action<OrderManagerOptions>? tweak = null,
        Action<SocketsHttpHandler>? transport = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => logging?.Invoke(b));
        var builder = services.AddHouseCanaryOrderManager(
            o =>
            {
                o.BaseAddress = baseAddress;
                o.ApiToken = apiToken;
                o.OwnerOrganizationId = 101;
                o.OwnerId = 202;
                o.AttemptTimeout = AttemptTimeout;
                o.TotalRequestTimeout = TotalRequestTimeout;
                o.MaxRetryAttempts = MaxRetryAttempts;
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                tweak?.Invoke(o);
            },
            r =>
            {
                r.Retry.BackoffType = DelayBackoffType.Constant;
                r.Retry.UseJitter = false;
                r.Retry.OnRetry = args =>
                {
                    retryDelays?.Enqueue(args.RetryDelay);
                    return default;
                };
            });

        // The package's own primary handler (no redirects), only without a proxy.
        builder.ConfigurePrimaryHttpMessageHandler((handler, _) =>
        {
            var sockets = (SocketsHttpHandler)handler;
            sockets.UseProxy = false;
            transport?.Invoke(sockets);
        });
        if (recorder is not null)
        {
            builder.AddHttpMessageHandler(recorder.CreateHandler);
        }

        more?.Invoke(services);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public static ServiceProvider AppraisalWorks(
        Uri baseAddress,
        string clientId,
        string publicKey,
        string privateKey,
        AttemptRecorder? recorder = null,
        ConcurrentQueue<TimeSpan>? retryDelays = null,
        TimeProvider? time = null,
        Action<ILoggingBuilder>? logging = null,
        Action<AppraisalWorksOptions>? tweak = null,
        Action<IServiceCollection>? before = null,
        Action<IServiceCollection>? more = null,
        Action<SocketsHttpHandler>? transport = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => logging?.Invoke(b));
        services.AddSingleton(time ?? new SteppingTimeProvider());
        before?.Invoke(services);
        var builder = services.AddAppraisalWorks(o =>
        {
            o.BaseAddress = baseAddress;
            o.ClientId = clientId;
            o.PublicKey = publicKey;
            o.PrivateKey = privateKey;
            o.AttemptTimeout = AttemptTimeout;
            o.TotalRequestTimeout = TotalRequestTimeout;
            o.MaxRetryAttempts = MaxRetryAttempts;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            tweak?.Invoke(o);
        });
        builder.ConfigurePrimaryHttpMessageHandler((handler, _) =>
        {
            var sockets = (SocketsHttpHandler)handler;
            sockets.UseProxy = false;
            transport?.Invoke(sockets);
        });
        if (recorder is not null)
        {
            builder.AddHttpMessageHandler(recorder.CreateHandler);
        }

        services.PostConfigure<HttpStandardResilienceOptions>(AppraisalWorksResilienceName, r =>
            r.Retry.OnRetry = args =>
            {
                retryDelays?.Enqueue(args.RetryDelay);
                return default;
            });
        more?.Invoke(services);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public static ServiceProvider HouseCanary(ValuationSandbox sandbox, AttemptRecorder? recorder = null, ConcurrentQueue<TimeSpan>? retryDelays = null) =>
        HouseCanary(sandbox.HouseCanaryBaseAddress, sandbox.Credentials.HouseCanary.ApiToken, recorder, retryDelays);

    /// <summary>A client for a test's setup steps (creating the order it then faults): generous timeouts, so load never fails it.</summary>
    public static ServiceProvider SetupHouseCanary(ValuationSandbox sandbox) =>
        HouseCanary(sandbox.HouseCanaryBaseAddress, sandbox.Credentials.HouseCanary.ApiToken, tweak: o => o.AttemptTimeout = SetupAttemptTimeout);

    /// <summary>A client for a test's setup steps: generous timeouts, so load never fails it.</summary>
    public static ServiceProvider SetupAppraisalWorks(ValuationSandbox sandbox) =>
        AppraisalWorks(
            sandbox.AppraisalWorksBaseAddress,
            sandbox.Credentials.AppraisalWorks.ClientId,
            sandbox.Credentials.AppraisalWorks.PublicKey,
            sandbox.Credentials.AppraisalWorks.PrivateKey,
            tweak: o => o.AttemptTimeout = SetupAttemptTimeout);

    public static ServiceProvider AppraisalWorks(ValuationSandbox sandbox, AttemptRecorder? recorder = null, ConcurrentQueue<TimeSpan>? retryDelays = null) =>
        AppraisalWorks(
            sandbox.AppraisalWorksBaseAddress,
            sandbox.Credentials.AppraisalWorks.ClientId,
            sandbox.Credentials.AppraisalWorks.PublicKey,
            sandbox.Credentials.AppraisalWorks.PrivateKey,
            recorder,
            retryDelays);

    /// <summary>A loopback port nothing listens on (bound, read, released): connecting to it is refused.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
