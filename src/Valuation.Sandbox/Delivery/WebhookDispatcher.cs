using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Valuation.Sandbox.Clock;

namespace Valuation.Sandbox.Delivery;

/// <summary>Settings of one delivery channel (HouseCanary callouts or AppraisalWorks postbacks).</summary>
internal sealed record DeliveryChannel(
    Uri? Url,
    TimeSpan Timeout,
    int MaxRedeliveries,
    TimeSpan RedeliveryInterval,
    Func<Uri, Uri> AddQuery,
    Action<HttpRequestMessage, byte[]> Authenticate);

/// <summary>POSTs JSON messages, records every attempt, and schedules redeliveries on the sandbox clock.</summary>
internal sealed class WebhookDispatcher
{
    private readonly HttpClient _http;
    private readonly StepScheduler _scheduler;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<DeliveryAttempt> _attempts = [];

    public WebhookDispatcher(HttpClient http, StepScheduler scheduler, ILogger logger)
    {
        _http = http;
        _scheduler = scheduler;
        _logger = logger;
    }

    public IReadOnlyList<DeliveryAttempt> Attempts
    {
        get
        {
            lock (_gate)
            {
                return [.. _attempts];
            }
        }
    }

    public Task DeliverAsync(DeliveryChannel channel, string messageId, string messageType, byte[] body, CancellationToken cancellationToken)
        => channel.Url is null ? Task.CompletedTask : AttemptAsync(channel, messageId, messageType, body, 1, cancellationToken);

    private async Task AttemptAsync(DeliveryChannel channel, string messageId, string messageType, byte[] body, int attempt, CancellationToken cancellationToken)
    {
        var url = channel.Url!;
        var at = _scheduler.Clock.GetUtcNow();
        int? status = null;
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, channel.AddQuery(url));
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            channel.Authenticate(request, body);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(channel.Timeout);
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = (int)response.StatusCode;
                error = response.IsSuccessStatusCode ? null : $"The receiver answered {status}.";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"The receiver did not answer within {channel.Timeout.TotalSeconds:0.###} s.";
            }
        }
        catch (HttpRequestException ex)
        {
            error = $"The request failed: {ex.Message}";
        }

        var bareUrl = new UriBuilder(url) { Query = string.Empty }.Uri;
        lock (_gate)
        {
            _attempts.Add(new DeliveryAttempt(messageId, messageType, attempt, at, bareUrl, status, error, Encoding.UTF8.GetString(body)));
        }

        if (error is null)
        {
            return;
        }

        if (attempt <= channel.MaxRedeliveries)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("Delivery of {MessageType} {MessageId} failed (attempt {Attempt}): {Error}; redelivering in {Interval}.", messageType, messageId, attempt, error, channel.RedeliveryInterval);
            }

            _scheduler.Schedule(channel.RedeliveryInterval, ct => AttemptAsync(channel, messageId, messageType, body, attempt + 1, ct));
        }
        else
        {
            _logger.LogWarning("Delivery of {MessageType} {MessageId} abandoned after {Attempt} attempts: {Error}", messageType, messageId, attempt, error);
        }
    }
}
