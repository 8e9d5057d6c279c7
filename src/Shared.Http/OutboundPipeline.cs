using System.Globalization;
using System.Net;

namespace Valuation.Http;

/// <summary>
/// The one outbound path of both clients. Sends a request through the client's <see cref="HttpClient"/> (whose
/// handlers are the resilience pipeline, then the vendor's auth handler) with the headers-read option, and returns
/// an <see cref="OutboundCall"/> that bounds the rest: a JSON call by the total timeout, a streamed one by the idle
/// timeout, every body read by a cap. A redirect is never followed; transport and resilience failures become the
/// package's typed exception (through the factory the package gives), saying whether the request may have been applied.
/// A request other than GET or HEAD without a body is sent with an empty one, so that the socket handler cannot
/// silently re-send it on a pooled connection that closed.
/// </summary>
internal sealed class OutboundPipeline
{
    private readonly HttpClient _http;
    private readonly Func<OutboundSettings> _settings;
    private readonly Func<OutboundFailure, Exception> _createException;
    private readonly TimeProvider _time;

    /// <summary>Initializes the pipeline.</summary>
    /// <param name="http">The client's HTTP client.</param>
    /// <param name="settings">Reads the settings in force (called once per call).</param>
    /// <param name="createException">Builds the package's typed exception.</param>
    /// <param name="time">The clock that measures a call's remaining time; the system clock when null.</param>
    public OutboundPipeline(HttpClient http, Func<OutboundSettings> settings, Func<OutboundFailure, Exception> createException, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(createException);
        _http = http;
        _settings = settings;
        _createException = createException;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Gets the settings in force.</summary>
    public OutboundSettings Settings => _settings();

    /// <summary>
    /// Sends <paramref name="request"/> and returns the call once the response headers arrived (any status but a
    /// redirect). The caller owns the call and reads the body through it.
    /// </summary>
    /// <param name="request">The request; its URI must be absolute.</param>
    /// <param name="operation">The operation's name, such as <c>CreateOrder</c> (messages, and later telemetry).</param>
    /// <param name="mode">How the call is bounded.</param>
    /// <param name="cancellationToken">The caller's token; its cancellation surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The call; dispose it.</returns>
    public async Task<OutboundCall> SendAsync(HttpRequestMessage request, string operation, OutboundMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is not { IsAbsoluteUri: true })
        {
            throw new ArgumentException("The pipeline sends only absolute URIs.", nameof(request));
        }

        if (request.Content is null && !RetryClassifier.IsSafeMethod(request.Method))
        {
            // SocketsHttpHandler re-sends a request WITHOUT content by itself when a pooled connection closes before
            // answering; an empty body makes it give up instead, so the retry rule alone decides.
            request.Content = new ByteArrayContent([]);
        }

        var call = new OutboundCall(_settings(), request, operation, mode, _createException, _time, cancellationToken);
        if (request is OutboundRequest outbound)
        {
            outbound.Call = call;
        }
        else
        {
            request.Options.Set(OutboundCall.Key, call);
        }

        if (call.IsUpload)
        {
            request.Content = new UploadContent(request.Content!, call);
        }

        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, call.Token).ConfigureAwait(false);
            call.Attach(response);
            call.Kick();
            ThrowIfRedirected(call, response);
            return call;
        }
        catch (Exception ex) when (call.Translate(ex) is { } typed)
        {
            call.Dispose();
            throw typed;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    /// <summary>Creates the typed exception for a call that was refused before sending (such as a download URL the policy refuses).</summary>
    /// <param name="kind">The failure.</param>
    /// <param name="message">The whole message.</param>
    /// <returns>The exception.</returns>
    public Exception Refuse(OutboundFailureKind kind, string message) =>
        _createException(new OutboundFailure(kind, message, MayHaveBeenApplied: false));

    private static void ThrowIfRedirected(OutboundCall call, HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        if (status is >= 300 and < 400 && response.StatusCode != HttpStatusCode.NotModified)
        {
            var location = response.Headers.Location;
            string target = location is null ? "no Location"
                : location.IsAbsoluteUri ? "host " + location.Authority
                : "host " + call.Uri.Authority + " (a relative Location)";
            throw call.Fail(
                OutboundFailureKind.Redirect,
                string.Create(CultureInfo.InvariantCulture, $"was answered with a redirect, {status} {response.ReasonPhrase} to {target}; redirects are not followed (check {call.Settings.OptionsSection}:BaseAddress)"),
                response.StatusCode);
        }

        var sent = response.RequestMessage?.RequestUri;
        if (sent is not null && !ReferenceEquals(sent, call.Uri) && !sent.Equals(call.Uri))
        {
            // A primary handler configured to follow redirects did so: the answer comes from somewhere else.
            throw call.Fail(
                OutboundFailureKind.Redirect,
                $"was redirected by the HTTP handler to host {sent.Authority}; redirects are not followed (the primary handler must have AllowAutoRedirect = false)",
                response.StatusCode);
        }
    }
}
