using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace HouseCanary.OrderManager.Http;

/// <summary>Decides which failures of a non-idempotent request (creating an order or an export) are safe to retry.</summary>
internal static class RetryClassifier
{
    /// <summary>Gets whether <paramref name="method"/> may be retried after any transient failure.</summary>
    public static bool IsSafeMethod(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace;

    /// <summary>
    /// Gets whether <paramref name="exception"/> proves that nothing reached the server. Only the outermost
    /// exception counts, and it must be an <see cref="HttpRequestException"/> that says no connection was made
    /// (<see cref="HttpRequestError.ConnectionError"/> or <see cref="HttpRequestError.NameResolutionError"/>), or
    /// whose DIRECT cause is a <see cref="SocketException"/> of a refused connection or an unknown host. A socket
    /// error deeper in the chain (an <see cref="IOException"/> on an established connection that was already
    /// sending) proves nothing, nor does a timeout, a reset or a 5xx, so such a POST is not retried.
    /// </summary>
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
    /// The retry predicate of the client's pipeline: a request the pipeline cannot identify is never retried (it
    /// might be an order creation); a request that is not a safe method is retried only when the failure proves
    /// nothing was sent; a safe one follows <paramref name="safeMethodPredicate"/> (the standard handler's, or the user's).
    /// </summary>
    public static ValueTask<bool> ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args, Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> safeMethodPredicate)
    {
        var request = args.Context.GetRequestMessage();
        if (request is null)
        {
            return ValueTask.FromResult(false);
        }

        if (!IsSafeMethod(request.Method))
        {
            // Creating an order or an export: retry only when the failure proves nothing reached the server.
            return ValueTask.FromResult(args.Outcome.Result is null && ProvesNothingWasSent(args.Outcome.Exception));
        }

        return safeMethodPredicate(args);
    }
}
