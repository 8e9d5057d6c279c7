using System.Collections.Concurrent;
using Valuation.Webhooks.Deduplication;

namespace Valuation.Webhooks.Redis.Tests;

/// <summary>
/// A receiver instance as the tests drive it: claims by key and remembers the claims it holds (their owner tokens),
/// so that its complete and release act on its own claim, exactly as the engine does.
/// </summary>
public sealed class KeyedClaims(IMessageDeduplicationStore store) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, MessageClaim> _held = new(StringComparer.Ordinal);

    public IMessageDeduplicationStore Store { get; } = store;

    public int HeldClaimCount => _held.Count;

    public async ValueTask<ClaimStatus> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var result = await Store.TryClaimAsync(key, lease, cancellationToken);
        if (result.Claim is { } claim)
        {
            _held[key] = claim;
        }

        return result.Status;
    }

    public async ValueTask<bool> RenewAsync(string key, TimeSpan lease) => _held.TryGetValue(key, out var claim) && await Store.RenewAsync(claim, lease);

    /// <summary>Completes this instance's claim on <paramref name="key"/> (or, when it holds none, a claim nobody holds).</summary>
    public async ValueTask<bool> CompleteAsync(string key, TimeSpan retention)
    {
        var claim = _held.TryRemove(key, out var held) ? held : MessageClaim.CreateNew(key);
        return await Store.CompleteAsync(claim, retention);
    }

    /// <summary>Releases this instance's claim on <paramref name="key"/>; nothing when it holds none.</summary>
    public async ValueTask<bool> ReleaseAsync(string key) => _held.TryRemove(key, out var claim) && await Store.ReleaseAsync(claim);

    public async ValueTask DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
