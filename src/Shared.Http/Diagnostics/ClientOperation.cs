using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Valuation.Http;

/// <summary>
/// One client operation in flight: its span and its duration. Not thread-safe (one call owns it). Attribute names
/// follow the OpenTelemetry conventions: <c>valuation.operation.name</c>, <c>error.type</c> (the HTTP status code
/// when the server answered one, else the exception's full type name), <c>http.response.status_code</c>,
/// <c>server.address</c>, <c>server.port</c>, <c>http.request.method</c>. Shared by both clients: each starts it through
/// its own <see cref="ClientTelemetry"/> (its source and instruments).
/// </summary>
internal sealed class ClientOperation : IDisposable
{
    /// <summary>The operation handed out when nothing listens: every method does nothing.</summary>
    public static readonly ClientOperation None = new();

    private const string Other = "_OTHER";
    private readonly Histogram<double>? _duration;
    private readonly TimeProvider? _time;
    private readonly long _started;
    private readonly string? _operation;
    private bool _settled;
    private string? _errorType;

    private ClientOperation()
    {
        _settled = true;
    }

    public ClientOperation(ActivitySource source, Histogram<double> duration, string spanName, string operation, TimeProvider time)
    {
        _duration = duration;
        _time = time;
        _operation = operation;
        _started = duration.Enabled ? time.GetTimestamp() : 0;
        Activity = source.StartActivity(spanName, ActivityKind.Internal);
        if (Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("valuation.operation.name", operation);
        }
    }

    /// <summary>Gets the operation's span, or null when no listener samples it.</summary>
    public Activity? Activity { get; }

    /// <summary>Gets a value indicating whether the span records attributes (compute costly values only then).</summary>
    public bool IsRecording => Activity is { IsAllDataRequested: true };

    /// <summary>Adds an attribute to the span (never a secret or a pre-signed URL).</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Its value.</param>
    public void SetTag(string name, object? value)
    {
        if (Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(name, value);
        }
    }

    /// <summary>Sets <c>server.address</c> and <c>server.port</c> from the API's address (never its path or query).</summary>
    /// <param name="address">The API's base address.</param>
    public void SetServer(Uri? address)
    {
        if (address is { IsAbsoluteUri: true } && Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("server.address", address.Host);
            activity.SetTag("server.port", address.Port);
        }
    }

    /// <summary>Sets <c>http.request.method</c>, <c>server.address</c> and <c>server.port</c> from a request (never its path or query).</summary>
    /// <param name="method">The request's method.</param>
    /// <param name="uri">The request's URI (only its host and port are kept).</param>
    public void SetRequest(HttpMethod method, Uri? uri)
    {
        if (Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("http.request.method", method.Method);
            SetServer(uri);
        }
    }

    /// <summary>
    /// Marks the operation failed with what <paramref name="exception"/> says: an HTTP error status the server
    /// answered (400 or above) becomes <c>error.type</c>; otherwise the exception's type does (a 2xx the client
    /// refused, such as an unreadable body, keeps its status as <c>http.response.status_code</c> only).
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <param name="statusCode">The HTTP status of the last answer, if any.</param>
    public void FailedWith(Exception exception, int? statusCode)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (_settled)
        {
            return;
        }

        if (statusCode is >= 400)
        {
            Failed(exception, statusCode);
            return;
        }

        if (statusCode is { } code and > 0)
        {
            SetTag("http.response.status_code", code);
        }

        Failed(exception);
    }

    /// <summary>Settles an operation that returns any answer to its caller: failed (with the status as <c>error.type</c>) for 400 and above, else successful.</summary>
    /// <param name="statusCode">The answer's HTTP status.</param>
    public void Completed(int statusCode)
    {
        if (_settled)
        {
            return;
        }

        SetTag("http.response.status_code", statusCode);
        if (statusCode >= 400)
        {
            Fail(statusCode.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            _settled = true;
        }
    }

    /// <summary>Marks the operation successful.</summary>
    /// <param name="statusCode">The HTTP status of the last answer, if any.</param>
    public void Succeeded(int? statusCode = null)
    {
        if (_settled)
        {
            return;
        }

        _settled = true;
        if (statusCode is { } code)
        {
            SetTag("http.response.status_code", code);
        }
    }

    /// <summary>Marks the operation failed.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="statusCode">The HTTP status the server answered, if it did (it becomes <c>error.type</c>).</param>
    public void Failed(Exception exception, int? statusCode = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (_settled)
        {
            return;
        }

        string errorType = statusCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : exception.GetType().FullName ?? Other;
        if (statusCode is { } status)
        {
            SetTag("http.response.status_code", status);
        }

        Fail(errorType);
    }

    /// <summary>Ends the span and records the duration; an operation never settled counts as failed (<c>_OTHER</c>).</summary>
    public void Dispose()
    {
        if (ReferenceEquals(this, None))
        {
            return;
        }

        if (!_settled)
        {
            Fail(Other);
        }

        if (_started != 0 && _duration is { Enabled: true } duration)
        {
            var tags = new TagList { { "valuation.operation.name", _operation } };
            if (_errorType is not null)
            {
                tags.Add("error.type", _errorType);
            }

            duration.Record(_time!.GetElapsedTime(_started).TotalSeconds, in tags);
        }

        Activity?.Dispose();
    }

    /// <summary>Counts a retry with its operation, method and cause.</summary>
    /// <param name="retries">The counter.</param>
    /// <param name="operation">The operation, if known.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="errorType">What failed.</param>
    public static void RecordRetry(Counter<long> retries, string? operation, string method, string errorType)
    {
        if (!retries.Enabled)
        {
            return;
        }

        var tags = new TagList { { "http.request.method", method }, { "error.type", errorType } };
        if (operation is not null)
        {
            tags.Add("valuation.operation.name", operation);
        }

        retries.Add(1, in tags);
    }

    private void Fail(string errorType)
    {
        _settled = true;
        _errorType = errorType;
        if (Activity is { } activity)
        {
            activity.SetStatus(ActivityStatusCode.Error, errorType);
            if (activity.IsAllDataRequested)
            {
                activity.SetTag("error.type", errorType);
            }
        }
    }
}
