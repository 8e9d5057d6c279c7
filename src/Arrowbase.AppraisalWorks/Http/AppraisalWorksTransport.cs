using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Arrowbase.AppraisalWorks.Diagnostics;
using Arrowbase.AppraisalWorks.Documents;
using Arrowbase.AppraisalWorks.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Valuation.Http;

namespace Arrowbase.AppraisalWorks.Http;

/// <summary>
/// What AppraisalWorks adds to the shared <see cref="OutboundPipeline"/>: URIs under the API root, the response
/// envelope (<c>isSuccess</c>, <c>description</c>), the error messages, the streamed reading of embedded documents,
/// and each operation's span and duration (with the order's <c>transactionUID</c> and the event's <c>detailId</c>).
/// </summary>
internal sealed class AppraisalWorksTransport
{
    /// <summary>The most bytes of an error body read to find its envelope.</summary>
    internal const int MaxErrorBodyBytes = 64 * 1024;

    private readonly Func<AppraisalWorksOptions> _options;
    private readonly OutboundPipeline _pipeline;
    private SettingsSnapshot? _settings;

    public AppraisalWorksTransport(HttpClient http, Func<AppraisalWorksOptions> options, ILogger? logger = null)
    {
        _options = options;
        Logger = logger ?? NullLogger.Instance;
        _pipeline = new OutboundPipeline(http, CurrentSettings, CreateException);
    }

    public AppraisalWorksOptions Options => _options();

    /// <summary>Gets the client's logger of what happened.</summary>
    public ILogger Logger { get; }

    /// <summary>The status code a failure carries, if AppraisalWorks answered one.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The status, or null.</returns>
    public static int? StatusOf(Exception exception) =>
        exception is AppraisalWorksException { StatusCode: var status } && status != 0 ? (int)status : null;

    /// <summary>Tags the vendor's ids on a recording span.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="transactionUid">The order's <c>transactionUID</c>, if known.</param>
    /// <param name="detailId">The event detail's id, or 0.</param>
    public static void Tag(ClientOperation operation, string? transactionUid, long detailId)
    {
        if (!operation.IsRecording)
        {
            return;
        }

        if (transactionUid is not null)
        {
            operation.SetTag(AppraisalWorksTelemetry.TransactionUidAttribute, transactionUid);
        }

        if (detailId != 0)
        {
            operation.SetTag(AppraisalWorksTelemetry.DetailIdAttribute, detailId);
        }
    }

    public Task<AppraisalWorksResponse> SendJsonAsync<TBody>(HttpMethod method, string relative, TBody body, JsonTypeInfo<TBody> bodyType, string transactionUid, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyType));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(AppraisalWorksSignature.ContentType);
        return SendAsync(method, relative, content, AppraisalWorksJsonContext.Default.AppraisalWorksResponse, cancellationToken, OutboundMode.Buffered, transactionUid, 0, null, operation);
    }

    public async Task<T> SendAsync<T>(HttpMethod method, string relative, HttpContent? content, JsonTypeInfo<T> responseType, CancellationToken cancellationToken, OutboundMode mode = OutboundMode.Buffered, string? transactionUid = null, long detailId = 0, Action<ILogger, string?, T>? succeeded = null, [CallerMemberName] string operation = "")
        where T : AppraisalWorksResponse
    {
        using var request = new OutboundRequest(method, BuildUri(relative)) { Content = content };
        using var telemetry = AppraisalWorksTelemetry.Client.Start(operation);
        Tag(telemetry, transactionUid, detailId);
        telemetry.SetRequest(method, request.RequestUri);
        int? status = null;
        try
        {
            using var call = await _pipeline.SendAsync(request, operation, mode, cancellationToken).ConfigureAwait(false);
            status = (int)call.Response.StatusCode;
            if (!call.Response.IsSuccessStatusCode)
            {
                throw await CreateFailureAsync(call).ConfigureAwait(false);
            }

            using var body = await call.ReadBodyAsync().ConfigureAwait(false);
            T result;
            try
            {
                result = JsonSerializer.Deserialize(body.Length == 0 ? "{}"u8 : body.Span, responseType)
                    ?? throw new JsonException("The response body is JSON null.");
            }
            catch (JsonException ex)
            {
                throw Unreadable(call, ex);
            }

            result = EnsureSuccess(result, call);
            telemetry.Succeeded(status);
            succeeded?.Invoke(Logger, transactionUid, result);
            return result;
        }
        catch (Exception ex)
        {
            telemetry.FailedWith(ex, status ?? StatusOf(ex));
            throw;
        }
    }

    public async Task<(T Result, IReadOnlyList<EmbeddedFileInfo> Files)> GetStreamingAsync<T>(string relative, Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> factory, JsonTypeInfo<T> responseType, string transactionUid, long detailId, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
        where T : AppraisalWorksResponse
    {
        using var request = new OutboundRequest(HttpMethod.Get, BuildUri(relative));
        using var telemetry = AppraisalWorksTelemetry.Client.Start(operation);
        Tag(telemetry, transactionUid, detailId);
        telemetry.SetRequest(HttpMethod.Get, request.RequestUri);
        int? status = null;
        try
        {
            using var call = await _pipeline.SendAsync(request, operation, OutboundMode.Streamed, cancellationToken).ConfigureAwait(false);
            status = (int)call.Response.StatusCode;
            if (!call.Response.IsSuccessStatusCode)
            {
                throw await CreateFailureAsync(call).ConfigureAwait(false);
            }

            EmbeddedDocumentReadResult read;
            T result;
            try
            {
                var stream = await call.OpenStreamAsync().ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    read = await EmbeddedDocumentReader.ReadAsync(stream, factory, _options().MaxResponseMemberBytes, call.Token).ConfigureAwait(false);
                }

                result = JsonSerializer.Deserialize(read.Skeleton.Span, responseType) ?? throw new JsonException("The response body is JSON null.");
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException)
            {
                throw Unreadable(call, ex);
            }
            catch (OperationCanceledException ex) when (call.Translate(ex) is { } typed)
            {
                // The idle timer fired while a destination was written.
                throw typed;
            }

            var answer = (EnsureSuccess(result, call), read.Files);
            telemetry.Succeeded(status);
            return answer;
        }
        catch (Exception ex)
        {
            telemetry.FailedWith(ex, status ?? StatusOf(ex));
            throw;
        }
    }

    private static AppraisalWorksException CreateException(OutboundFailure failure) =>
        new(failure.Message, failure.StatusCode ?? 0, null, failure.InnerException)
        {
            FailureKind = failure.Kind,
            MayHaveBeenApplied = failure.MayHaveBeenApplied,
        };

    private static AppraisalWorksException Unreadable(OutboundCall call, Exception ex) =>
        new($"The AppraisalWorks response to {call.Description} could not be read: {ex.Message}", call.Response.StatusCode, null, ex)
        {
            FailureKind = OutboundFailureKind.InvalidResponse,
            MayHaveBeenApplied = OutboundFailure.MayHaveApplied(call.Method, OutboundFailureKind.InvalidResponse, call.Response.StatusCode),
        };

    private static T EnsureSuccess<T>(T result, OutboundCall call)
        where T : AppraisalWorksResponse
    {
        if (result.IsSuccess == false)
        {
            var status = call.Response.StatusCode;
            throw new AppraisalWorksException(
                $"AppraisalWorks answered {call.Description} with HTTP {(int)status} but isSuccess false: {result.Description ?? "(no description)"}",
                status,
                result)
            {
                FailureKind = OutboundFailureKind.ErrorResponse,

                // A 2xx with isSuccess false: AppraisalWorks says it refused the action.
                MayHaveBeenApplied = false,
            };
        }

        return result;
    }

    private static async Task<AppraisalWorksException> CreateFailureAsync(OutboundCall call)
    {
        var status = call.Response.StatusCode;
        AppraisalWorksResponse? envelope = null;
        using (var body = await call.ReadErrorBodyAsync(MaxErrorBodyBytes).ConfigureAwait(false))
        {
            try
            {
                if (body.Length > 0 && !body.Truncated)
                {
                    envelope = JsonSerializer.Deserialize(body.Span, AppraisalWorksJsonContext.Default.AppraisalWorksResponse);
                }
            }
            catch (JsonException)
            {
                envelope = null; // a non-JSON error body (an HTML error page): the status alone describes the failure
            }
        }

        string target = call.Description;
        bool applied = OutboundFailure.MayHaveApplied(call.Method, OutboundFailureKind.ErrorResponse, status);
        string message = status switch
        {
            HttpStatusCode.Unauthorized =>
                $"AppraisalWorks rejected the authentication of {target} (HTTP 401): the HMAC signature, the public/private key pair, or the x-request-date timestamp (check the clock) was not accepted. Check AppraisalWorks:PublicKey and AppraisalWorks:PrivateKey.",
            HttpStatusCode.BadRequest => $"AppraisalWorks refused {target} as a bad request (HTTP 400): {envelope?.Description ?? "(no description)"}",
            HttpStatusCode.NotImplemented => $"AppraisalWorks does not implement {target} (HTTP 501): {envelope?.Description ?? "(no description)"}",
            _ => $"AppraisalWorks failed {target} with HTTP {(int)status}: {envelope?.Description ?? "(no description)"}",
        };
        if (applied)
        {
            message += " The request may have been applied: check its effect before repeating it.";
        }

        return new AppraisalWorksException(message, status, envelope)
        {
            FailureKind = OutboundFailureKind.ErrorResponse,
            MayHaveBeenApplied = applied,
        };
    }

    private Uri BuildUri(string relative)
    {
        var baseAddress = CurrentSettings().BaseAddress;
        return new Uri(baseAddress, relative);
    }

    private OutboundSettings CurrentSettings()
    {
        var options = _options();
        var cached = _settings;
        if (cached is not null && ReferenceEquals(cached.Options, options))
        {
            return cached.Settings;
        }

        string root = options.BaseAddress.AbsoluteUri;
        var settings = new OutboundSettings(
            new Uri(root.EndsWith('/') ? root : root + "/"),
            options.TotalRequestTimeout,
            options.IdleTimeout,
            options.MaxResponseBytes,
            options.MaxDownloadBytes,
            AllowPrivateNetworkDownloadHosts: false,
            "AppraisalWorks",
            "AppraisalWorks");
        _settings = new SettingsSnapshot(options, settings);
        return settings;
    }

    private sealed record SettingsSnapshot(AppraisalWorksOptions Options, OutboundSettings Settings);
}
