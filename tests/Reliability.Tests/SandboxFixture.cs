using Valuation.Sandbox;

namespace Reliability.Tests;

/// <summary>One sandbox (real Kestrel on 127.0.0.1, system clock) shared by a test class; tests count their own rows.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public ValuationSandbox Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { Seed = 7 });

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}
