using Microsoft.Extensions.Logging;
using Valuation.Sandbox.Clock;
using Valuation.Sandbox.Delivery;

namespace Valuation.Sandbox;

/// <summary>What both emulated APIs share: options, clock, scheduler, deliveries, seeded randomness, base address.</summary>
internal sealed class SandboxRuntime
{
    private readonly Lock _randomGate = new();
    private readonly Random _random;

    public SandboxRuntime(SandboxOptions options, StepScheduler scheduler, HttpClient deliveryClient, ILogger logger)
    {
        Options = options;
        Scheduler = scheduler;
        DeliveryClient = deliveryClient;
        Logger = logger;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
    }

    public SandboxOptions Options { get; }

    public StepScheduler Scheduler { get; }

    public HttpClient DeliveryClient { get; }

    public WebhookDispatcher CreateDispatcher() => new(DeliveryClient, Scheduler, Logger);

    public ILogger Logger { get; }

    public TimeProvider Clock => Scheduler.Clock;

    /// <summary>The sandbox root, e.g. <c>http://127.0.0.1:5123/</c>; set once the server has bound its port.</summary>
    public Uri BaseAddress { get; set; } = new("http://127.0.0.1/");

    public int NextInt(int minInclusive, int maxExclusive)
    {
        lock (_randomGate)
        {
            return _random.Next(minInclusive, maxExclusive);
        }
    }

    public string NextToken()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (_randomGate)
        {
            _random.NextBytes(bytes);
        }

        return Convert.ToHexStringLower(bytes);
    }

    public string NextMessageId()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (_randomGate)
        {
            _random.NextBytes(bytes);
        }

        return new Guid(bytes).ToString();
    }
}
