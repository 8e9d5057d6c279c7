using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Valuation.Webhooks.Diagnostics;

namespace Valuation.Webhooks.Inbox;

/// <summary>
/// The hosted worker of one receiver's inbox: it takes stored messages under a lease (renewed while it works),
/// runs each through the receiver's engine (claim, then the handler within
/// <see cref="WebhookInboxOptions.AttemptTimeout"/>), and then completes the message, schedules a retry with
/// exponential back-off, or, after <see cref="WebhookInboxOptions.MaxAttempts"/> failures, moves it to the
/// dead-letter set. A message whose worker died is taken again, by any worker, once its lease has passed; its
/// de-duplication claim makes sure it is handled once.
/// </summary>
public sealed class WebhookInboxWorker : BackgroundService
{
    private readonly IWebhookProcessor _processor;
    private readonly IWebhookInbox _inbox;
    private readonly WebhookInboxOptions _options;
    private readonly IServiceScopeFactory? _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>Initializes a worker.</summary>
    /// <param name="processor">The receiver whose messages it processes.</param>
    /// <param name="inbox">The receiver's inbox.</param>
    /// <param name="options">The worker's settings; invalid ones throw.</param>
    /// <param name="scopes">Opens a service scope per message (for the handler), or null.</param>
    /// <param name="timeProvider">The clock of leases and back-off; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The options break a rule.</exception>
    public WebhookInboxWorker(IWebhookProcessor processor, IWebhookInbox inbox, WebhookInboxOptions options, IServiceScopeFactory? scopes = null, TimeProvider? timeProvider = null, ILogger<WebhookInboxWorker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate(processor.Name);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _processor = processor;
        _inbox = inbox;
        _options = options;
        _scopes = scopes;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;

        // The inbox gauges report this inbox while a worker for it exists (see InboxGauges).
        InboxGauges.Register(inbox, options.StatisticsInterval, _time);
    }

    private string Receiver => _processor.Name;

    /// <inheritdoc />
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            InboxGauges.Unregister(_inbox);
        }

        base.Dispose();
    }

    /// <summary>
    /// Takes what is ready now (up to <see cref="WebhookInboxOptions.MaxConcurrency"/> at a time) and processes it,
    /// until the inbox has nothing ready. For tests, and for hosts that drive the worker themselves.
    /// </summary>
    /// <param name="cancellationToken">Stops taking new messages and cancels the handlers.</param>
    /// <returns>How many deliveries were processed (completed, retried or dead-lettered).</returns>
    public async Task<int> ProcessAvailableAsync(CancellationToken cancellationToken = default)
    {
        int total = 0;
        while (true)
        {
            var batch = await _inbox.ReceiveAsync(_options.ConsumerName, _options.MaxConcurrency, _options.Lease, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                return total;
            }

            await Task.WhenAll(batch.Select(d => ProcessDeliveryAsync(d, cancellationToken))).ConfigureAwait(false);
            total += batch.Count;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        var running = new ConcurrentDictionary<Task, byte>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                int free = 1;
                while (free < _options.MaxConcurrency && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                IReadOnlyList<InboxDelivery> batch;
                try
                {
                    batch = await _inbox.ReceiveAsync(_options.ConsumerName, free, _options.Lease, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    slots.Release(free);
                    WebhookLog.InboxFailed(_logger, ex, Receiver, "receive");
                    await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (batch.Count < free)
                {
                    slots.Release(free - batch.Count);
                }

                foreach (var delivery in batch)
                {
                    var task = RunOneAsync(delivery, slots, stoppingToken);
                    running.TryAdd(task, 0);
                    _ = task.ContinueWith(t => running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                if (batch.Count == 0)
                {
                    await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: in-flight deliveries see the same token; unfinished ones stay leased and are taken again.
        }

        await Task.WhenAll(running.Keys).ConfigureAwait(false);
    }

    private async Task RunOneAsync(InboxDelivery delivery, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await ProcessDeliveryAsync(delivery, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task ProcessDeliveryAsync(InboxDelivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            if (delivery.Attempts >= _options.MaxAttempts)
            {
                await DeadLetterAsync(delivery, delivery.Attempts, $"{delivery.Attempts} earlier deliveries failed or were abandoned (a worker died or lost its lease).").ConfigureAwait(false);
                return;
            }

            WebhookResult result;
            var renewal = new LeaseRenewal(
                ct => _inbox.RenewAsync(delivery, _options.Lease, ct),
                _options.Lease,
                _time,
                onLost: () => WebhookLog.LeaseLost(_logger, Receiver, delivery.Id, delivery.DeduplicationKey),
                onError: ex => WebhookLog.RenewalFailed(_logger, ex, Receiver, delivery.DeduplicationKey));
            await using (renewal.ConfigureAwait(false))
            {
                if (_scopes is null)
                {
                    result = await _processor.ProcessInboxDeliveryAsync(delivery, null, _options.AttemptTimeout, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    var scope = _scopes.CreateAsyncScope();
                    await using (scope.ConfigureAwait(false))
                    {
                        result = await _processor.ProcessInboxDeliveryAsync(delivery, scope.ServiceProvider, _options.AttemptTimeout, stoppingToken).ConfigureAwait(false);
                    }
                }
            }

            await SettleAsync(delivery, result).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping mid-message: it stays leased to this worker and is taken again once the lease passes.
        }
#pragma warning disable CA1031 // An inbox failure leaves the delivery leased; it is taken again once the lease passes.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WebhookLog.InboxFailed(_logger, ex, Receiver, "settling message " + delivery.Id);
        }
    }

    private async Task SettleAsync(InboxDelivery delivery, WebhookResult result)
    {
        switch (result.Outcome)
        {
            case WebhookOutcome.Processed or WebhookOutcome.Unknown or WebhookOutcome.Duplicate:
                await _inbox.CompleteAsync(delivery, CancellationToken.None).ConfigureAwait(false);
                break;
            case WebhookOutcome.Malformed:
                await DeadLetterAsync(delivery, delivery.Attempts + 1, result.Reason).ConfigureAwait(false);
                break;
            case WebhookOutcome.InProgress:
                // Another delivery of the same message is running: look again once its claim could have lapsed,
                // without counting this as a failure.
                await RetryAsync(delivery, result, _processor.Options.ClaimLease, countAsAttempt: false).ConfigureAwait(false);
                break;
            default:
                int failed = delivery.Attempts + 1;
                if (failed >= _options.MaxAttempts)
                {
                    await DeadLetterAsync(delivery, failed, result.Reason).ConfigureAwait(false);
                }
                else
                {
                    await RetryAsync(delivery, result, _options.GetRetryDelay(failed), countAsAttempt: true).ConfigureAwait(false);
                }

                break;
        }
    }

    private async Task RetryAsync(InboxDelivery delivery, WebhookResult result, TimeSpan delay, bool countAsAttempt)
    {
        if (await _inbox.RetryAsync(delivery, _time.GetUtcNow() + delay, countAsAttempt, result.Reason, CancellationToken.None).ConfigureAwait(false))
        {
            WebhookLog.RetryScheduled(_logger, Receiver, delivery.Id, delivery.DeduplicationKey, delivery.Attempts + 1, result.Outcome, delay);
        }
        else
        {
            WebhookLog.LeaseLost(_logger, Receiver, delivery.Id, delivery.DeduplicationKey);
        }
    }

    private async Task DeadLetterAsync(InboxDelivery delivery, int attempts, string reason)
    {
        if (await _inbox.DeadLetterAsync(delivery, reason, CancellationToken.None).ConfigureAwait(false))
        {
            WebhookLog.DeadLettered(_logger, Receiver, delivery.Id, delivery.DeduplicationKey, attempts, reason);
        }
        else
        {
            WebhookLog.LeaseLost(_logger, Receiver, delivery.Id, delivery.DeduplicationKey);
        }
    }
}
