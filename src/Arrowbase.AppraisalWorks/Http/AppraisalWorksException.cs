using System.Net;
using Valuation.Http;

namespace Arrowbase.AppraisalWorks;

/// <summary>
/// An AppraisalWorks call failed: a non-success HTTP status, a response with <c>isSuccess: false</c>, a response
/// that could not be read, or a transport failure (timeout, broken connection, size cap, redirect).
/// <see cref="FailureKind"/> says which, and <see cref="MayHaveBeenApplied"/> whether the request may have taken
/// effect. Messages never contain keys or signatures.
/// </summary>
public class AppraisalWorksException : Exception
{
    /// <summary>Initializes an exception.</summary>
    public AppraisalWorksException()
        : this("The AppraisalWorks call failed.")
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AppraisalWorksException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AppraisalWorksException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes an exception from a response.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="envelope">The response envelope, when one could be read.</param>
    /// <param name="innerException">The cause.</param>
    public AppraisalWorksException(string message, HttpStatusCode statusCode, AppraisalWorksResponse? envelope, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Description = envelope?.Description;
        IsSuccess = envelope?.IsSuccess;
        Timestamp = envelope?.Datetime;
    }

    /// <summary>Gets the HTTP status (400, 401, 500, 501, or 200 when the body said <c>isSuccess: false</c>); 0 when no response was received.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets what kind of failure this is (<see cref="OutboundFailureKind.ErrorResponse"/> for an error status or <c>isSuccess: false</c>).</summary>
    public OutboundFailureKind FailureKind { get; init; }

    /// <summary>
    /// Gets a value indicating whether the request may have taken effect at AppraisalWorks although the call failed
    /// (a POST or PUT whose connection broke after it was sent, a timeout, a 5xx). Never true for a GET. Check the
    /// effect (read the order back) before repeating such a request: it was not retried for that reason.
    /// </summary>
    public bool MayHaveBeenApplied { get; init; }

    /// <summary>Gets the description that AppraisalWorks gave (from <c>description</c> or the misspelled <c>descripton</c>).</summary>
    public string? Description { get; }

    /// <summary>Gets the response's <c>isSuccess</c>, when present.</summary>
    public bool? IsSuccess { get; }

    /// <summary>Gets the response's <c>datetime</c> (raw text kept), when present.</summary>
    public AppraisalWorksDate? Timestamp { get; }
}

/// <summary>A new order (or another request) is invalid; nothing was sent. <see cref="Errors"/> lists every problem.</summary>
public sealed class AppraisalWorksValidationException : AppraisalWorksException
{
    /// <summary>Initializes an exception.</summary>
    public AppraisalWorksValidationException()
        : this(["The request is invalid."])
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AppraisalWorksValidationException(string message)
        : this([message])
    {
    }

    /// <summary>Initializes an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AppraisalWorksValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Initializes an exception listing every problem.</summary>
    /// <param name="errors">The problems.</param>
    public AppraisalWorksValidationException(IReadOnlyList<string> errors)
        : base(BuildMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Gets every problem found, each naming the field (such as <c>request.loanType</c>).</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string BuildMessage(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return $"The request is invalid ({errors.Count} problem(s)); nothing was sent:" + Environment.NewLine + " - " + string.Join(Environment.NewLine + " - ", errors);
    }
}
