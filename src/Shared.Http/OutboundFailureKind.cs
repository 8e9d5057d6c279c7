namespace Valuation.Http;

/// <summary>What kind of failure ended an outbound call; carried by each client package's typed exception.</summary>
public enum OutboundFailureKind
{
    /// <summary>Not an outbound failure of a known kind (an exception constructed by user code, for example).</summary>
    Unknown = 0,

    /// <summary>The server answered with an error: a non-success HTTP status, or a success status whose body says it failed.</summary>
    ErrorResponse = 1,

    /// <summary>No connection could be made (refused, or the host name did not resolve): nothing was sent.</summary>
    ConnectionFailed = 2,

    /// <summary>The connection broke (reset, closed, body cut off) after the request may have reached the server.</summary>
    ConnectionBroken = 3,

    /// <summary>The attempt timeout or the total request timeout elapsed.</summary>
    Timeout = 4,

    /// <summary>A streamed upload or download moved no byte for the idle timeout.</summary>
    IdleTimeout = 5,

    /// <summary>The response body was larger than the configured cap; the rest was not read.</summary>
    ResponseTooLarge = 6,

    /// <summary>The server answered with a redirect (3xx), which is never followed.</summary>
    Redirect = 7,

    /// <summary>The response arrived but is not what the API documents (not the expected JSON, for example).</summary>
    InvalidResponse = 8,

    /// <summary>The circuit breaker is open after repeated failures of the host: nothing was sent.</summary>
    CircuitOpen = 9,

    /// <summary>The resilience pipeline rejected the call (a rate limiter, for example): nothing was sent.</summary>
    Rejected = 10,

    /// <summary>A download URL was refused by the download-URL policy (not https, or a private-network address): nothing was sent.</summary>
    DownloadUrlRefused = 11,

    /// <summary>Paging was stopped after the configured most pages.</summary>
    TooManyPages = 12,
}
