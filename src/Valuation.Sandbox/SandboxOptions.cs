using Microsoft.Extensions.Logging;

namespace Valuation.Sandbox;

/// <summary>Options for <see cref="ValuationSandbox.StartAsync(SandboxOptions?, CancellationToken)"/>.</summary>
/// <remarks>A class, not a record, so that printing it never reveals the sandbox credentials it holds.</remarks>
public sealed class SandboxOptions
{
    /// <summary>The IP address to bind. Defaults to <c>127.0.0.1</c> (loopback only).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The TCP port to bind. Defaults to 0: a free port chosen by the operating system.</summary>
    public int Port { get; set; }

    /// <summary>
    /// A clock to read the sandbox time from (for example a <c>FakeTimeProvider</c>). When set, due lifecycle steps run
    /// when this clock says they are due (polled every <see cref="PollInterval"/> of real time), or at once on
    /// <see cref="ValuationSandbox.RunDueStepsAsync(CancellationToken)"/>. Ignored when <see cref="ManualClock"/> is true.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// When true the sandbox owns a manual clock that moves only on <see cref="ValuationSandbox.AdvanceAsync(TimeSpan, CancellationToken)"/>,
    /// which runs every step that falls due in order and awaits its deliveries. Tests then never sleep.
    /// </summary>
    public bool ManualClock { get; set; }

    /// <summary>The manual clock's starting instant. Defaults to the real current UTC time when the sandbox starts.</summary>
    public DateTimeOffset? ManualClockStart { get; set; }

    /// <summary>A seed for ids, message ids and fake data, making runs reproducible. Null: random.</summary>
    public int? Seed { get; set; }

    /// <summary>The compressed clock's step: the time between two lifecycle steps of an order. Defaults to 200 ms.</summary>
    public TimeSpan StepInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often, in real time, the automatic clock looks for due steps. Defaults to 20 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The largest request body accepted, in bytes. Defaults to 128 MiB (AppraisalWorks documents travel base64 in JSON).</summary>
    public long MaxRequestBodySize { get; set; } = 128L * 1024 * 1024;

    /// <summary>The HouseCanary side: credentials and callout delivery.</summary>
    public HouseCanarySandboxOptions HouseCanary { get; set; } = new();

    /// <summary>The AppraisalWorks side: credentials, signature window, postback delivery and completed documents.</summary>
    public AppraisalWorksSandboxOptions AppraisalWorks { get; set; } = new();

    /// <summary>
    /// Configures the sandbox host's logging. Null (the default): no logging at all. The sandbox never logs credentials.
    /// </summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be between 0 and 65535.");
        }

        if (StepInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StepInterval), StepInterval, "StepInterval must be positive.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "PollInterval must be positive.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        ArgumentNullException.ThrowIfNull(HouseCanary);
        ArgumentNullException.ThrowIfNull(AppraisalWorks);
        HouseCanary.Validate();
        AppraisalWorks.Validate();
    }
}
