using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace Valuation.Http;

/// <summary>
/// The retry rule of both clients: GET and HEAD are retried on transient failures; any other method (POST, PUT,
/// DELETE) only when the failure proves that nothing was sent. A retry whose Retry-After wait would end past the
/// call's total timeout is not made: the caller gets the answer at once instead of a timeout later.
/// </summary>
internal static class RetryClassifier
{
    /// <summary>Gets whether <paramref name="method"/> may be retried after any transient failure (it has no effect on the server).</summary>
    /// <param name="method">The method.</param>
    /// <returns>True for GET, HEAD, OPTIONS and TRACE.</returns>
    public static bool IsSafeMethod(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace;

    /// <summary>
    /// Gets whether <paramref name="exception"/> proves that nothing reached the server. Only the outermost
    /// exception counts, and it must be an <see cref="HttpRequestException"/> that says no connection was made
    /// (<see cref="HttpRequestError.ConnectionError"/> or <see cref="HttpRequestError.NameResolutionError"/>), or
    /// whose DIRECT cause is a <see cref="SocketException"/> of a refused connection or an unknown host. A socket
    /// error deeper in the chain (an <see cref="IOException"/> on an established connection that was already
    /// sending) proves nothing, nor does a timeout, a reset or a 5xx.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>True when nothing can have been sent.</returns>
    public static bool ProvesNothingWasSent(Exception? exception)
    {
        if (exception is not HttpRequestException http)
        {
            return false;
        }

        if (http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return true;
        }

        return http.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound };
    }

    /// <summary>
    /// The retry predicate of the clients' pipelines: a request the pipeline cannot identify is never retried (it
    /// might be an order creation); a request that is not a safe method is retried only when the failure proves
    /// nothing was sent; a safe one follows <paramref name="safeMethodPredicate"/> (the standard handler's, or the
    /// user's), unless its Retry-After would outlast the call.
    /// </summary>
    /// <param name="args">The predicate's arguments.</param>
    /// <param name="safeMethodPredicate">The predicate for safe methods.</param>
    /// <param name="timeProvider">The clock that measures what is left of the call.</param>
    /// <returns>Whether to retry.</returns>
    public static ValueTask<bool> ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args, Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> safeMethodPredicate, TimeProvider? timeProvider = null)
    {
        var request = args.Context.GetRequestMessage();
        if (request is null)
        {
            return ValueTask.FromResult(false);
        }

        if (!IsSafeMethod(request.Method))
        {
            return ValueTask.FromResult(args.Outcome.Result is null && ProvesNothingWasSent(args.Outcome.Exception));
        }

        if (args.Outcome.Result is { } response && OutboundCall.From(request) is { } call
            && RetryAfter(response, (timeProvider ?? TimeProvider.System).GetUtcNow()) is { } wait && !call.HasTimeLeft(wait))
        {
            return ValueTask.FromResult(false);
        }

        return safeMethodPredicate(args);
    }

    /// <summary>The wait a response's Retry-After header asks for, or null when it has none.</summary>
    /// <param name="response">The response.</param>
    /// <param name="now">The current time, for a date-valued header.</param>
    /// <returns>The wait.</returns>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        return header.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null;
    }
}
