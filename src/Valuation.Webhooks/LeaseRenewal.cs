using Valuation.Webhooks.Deduplication;

namespace Valuation.Webhooks;

/// <summary>
/// Keeps something leased alive while work runs: every third of the lease it renews it; when renewal answers
/// that the lease is no longer ours, it calls <c>onLost</c> once and stops. Renewal failures (the store is
/// briefly unreachable) are reported and retried at the next tick.
/// </summary>
internal sealed class LeaseRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LeaseRenewal(Func<CancellationToken, ValueTask<bool>> renew, TimeSpan lease, TimeProvider time, Action onLost, Action<Exception> onError)
    {
        _loop = RunAsync(renew, TimeSpan.FromTicks(Math.Max(lease.Ticks / 3, TimeSpan.TicksPerMillisecond)), time, onLost, onError, _stop.Token);
    }

    public static LeaseRenewal ForClaim(IMessageDeduplicationStore store, MessageClaim claim, TimeSpan lease, TimeProvider time, Action onLost, Action<Exception> onError) =>
        new(ct => store.RenewAsync(claim, lease, ct), lease, time, onLost, onError);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task RunAsync(Func<CancellationToken, ValueTask<bool>> renew, TimeSpan interval, TimeProvider time, Action onLost, Action<Exception> onError, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
                if (!await renew(stop).ConfigureAwait(false))
                {
                    onLost();
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed renewal is reported and retried; the lease still holds until it expires.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                onError(ex);
            }
        }
    }
}
