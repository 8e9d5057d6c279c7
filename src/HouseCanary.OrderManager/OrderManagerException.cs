using System.Net;
using Valuation.Http;

namespace HouseCanary.OrderManager;

/// <summary>
/// A HouseCanary call failed: HouseCanary answered with an error, the response was unusable, or the call failed in
/// transport (timeout, broken connection, size cap, redirect). Carries the <see cref="FailureKind"/>, whether the
/// request <see cref="MayHaveBeenApplied"/>, the status, the error body (size-capped), its parsed <c>detail</c> and
/// per-field messages, and the request id. Never contains the API token.
/// </summary>
public class OrderManagerException : Exception
{
    /// <summary>The most characters of an error body kept in <see cref="ErrorBody"/>.</summary>
    public const int MaxErrorBodyChars = 16 * 1024;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFieldErrors = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Initializes an exception with a message only.</summary>
    public OrderManagerException()
        : this("The HouseCanary Order Manager request failed.")
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public OrderManagerException(string message)
        : base(message)
    {
        FieldErrors = NoFieldErrors;
    }

    /// <summary>Initializes an exception with a message and cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OrderManagerException(string message, Exception? innerException)
        : base(message, innerException)
    {
        FieldErrors = NoFieldErrors;
    }

    /// <summary>Initializes an exception describing an HTTP error response.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorBody">The raw error body (truncated to <see cref="MaxErrorBodyChars"/>).</param>
    /// <param name="detail">The parsed <c>detail</c>, if any.</param>
    /// <param name="fieldErrors">Per-field messages, if any.</param>
    /// <param name="requestId">The request id header, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public OrderManagerException(
        string message,
        HttpStatusCode? statusCode,
        string? errorBody,
        string? detail,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? fieldErrors,
        string? requestId,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorBody = errorBody is { Length: > MaxErrorBodyChars } ? errorBody[..MaxErrorBodyChars] : errorBody;
        Detail = detail;
        FieldErrors = fieldErrors ?? NoFieldErrors;
        RequestId = requestId;
    }

    /// <summary>Gets the HTTP status, or null when the failure was not an HTTP response.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Gets the raw error body as text, capped at <see cref="MaxErrorBodyChars"/> characters.</summary>
    public string? ErrorBody { get; }

    /// <summary>Gets the server's <c>detail</c> message (Django REST framework style), if any.</summary>
    public string? Detail { get; }

    /// <summary>
    /// Gets the per-field messages, keyed by field path (<c>name</c>, <c>items[1].address</c>, <c>non_field_errors</c>).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; }

    /// <summary>Gets what kind of failure this is (<see cref="OutboundFailureKind.ErrorResponse"/> for an error status).</summary>
    public OutboundFailureKind FailureKind { get; init; }

    /// <summary>
    /// Gets a value indicating whether the request may have taken effect at HouseCanary although the call failed (a
    /// POST whose connection broke after it was sent, a timeout, a 5xx). Never true for a GET. Check the effect (for
    /// example list the orders) before repeating such a request: it was not retried for that reason.
    /// </summary>
    public bool MayHaveBeenApplied { get; init; }

    /// <summary>Gets the request id from the response headers (<c>X-Request-Id</c> or similar), for HouseCanary support.</summary>
    public string? RequestId { get; }
}
