using System.Net;

namespace Valuation.Http;

/// <summary>
/// A failure of an outbound call, described without any secret, handed to the client package's exception factory
/// so that the caller sees that package's one typed exception.
/// </summary>
/// <param name="Kind">What kind of failure.</param>
/// <param name="Message">The message for the caller: what was attempted and what happened (no credential, no URL query).</param>
/// <param name="MayHaveBeenApplied">Whether the request may have taken effect on the server (false for GET and HEAD).</param>
/// <param name="StatusCode">The HTTP status, when a response arrived.</param>
/// <param name="InnerException">The cause, if any.</param>
internal sealed record OutboundFailure(OutboundFailureKind Kind, string Message, bool MayHaveBeenApplied, HttpStatusCode? StatusCode = null, Exception? InnerException = null)
{
    /// <summary>
    /// Whether a request that ended with <paramref name="kind"/> (and <paramref name="status"/>, if a response
    /// arrived) may have taken effect. A GET or HEAD never takes effect. Otherwise only failures that prove the
    /// server did nothing say no: no connection, an open circuit, a rejection, a refused URL, or a 4xx answer.
    /// </summary>
    /// <param name="method">The request method.</param>
    /// <param name="kind">The failure.</param>
    /// <param name="status">The status, when a response arrived.</param>
    /// <returns>True when the caller must assume the request may have been applied.</returns>
    public static bool MayHaveApplied(HttpMethod method, OutboundFailureKind kind, HttpStatusCode? status)
    {
        if (RetryClassifier.IsSafeMethod(method))
        {
            return false;
        }

        return kind switch
        {
            OutboundFailureKind.ConnectionFailed or OutboundFailureKind.CircuitOpen or OutboundFailureKind.Rejected
                or OutboundFailureKind.DownloadUrlRefused => false,
            _ when status is { } s && (int)s is >= 400 and < 500 => false,
            _ => true,
        };
    }
}
