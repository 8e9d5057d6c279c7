using Microsoft.Extensions.Hosting;

namespace Valuation.Sandbox;

/// <summary>
/// A host lifetime that leaves the process's signals alone. The default console lifetime would swallow Ctrl+C and
/// SIGTERM to stop only the sandbox, so a program embedding it (a test run, the QuickStart) could not be interrupted.
/// The sandbox stops when it is disposed.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
