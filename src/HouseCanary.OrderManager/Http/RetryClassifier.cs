using System.Net.Http;
using System.Net.Sockets;

namespace HouseCanary.OrderManager.Http;

/// <summary>Decides which failures of a non-idempotent request (creating an order or an export) are safe to retry.</summary>
internal static class RetryClassifier
{
    /// <summary>Gets whether <paramref name="method"/> may be retried after any transient failure.</summary>
    public static bool IsSafeMethod(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace;

    /// <summary>
    /// Gets whether <paramref name="exception"/> proves that nothing reached the server: the connection was refused,
    /// the name did not resolve, or no connection could be established. A timeout, a 5xx, or a reset after sending
    /// prove nothing, so such a POST is not retried.
    /// </summary>
    public static bool ProvesNothingWasSent(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException http
                && http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
            {
                return true;
            }

            if (current is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return exception is HttpRequestException;
            }
        }

        return false;
    }
}
