using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Arrowbase.AppraisalWorks.Diagnostics;

/// <summary>
/// One client operation in flight: its span and its duration. Not thread-safe (one call owns it). Attribute names
/// follow the OpenTelemetry conventions: <c>valuation.operation.name</c>, <c>error.type</c> (the HTTP status code
/// when the server answered one, else the exception's full type name), <c>http.response.status_code</c>,
/// <c>server.address</c>, <c>server.port</c>.
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
