using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HouseCanary.OrderManager.Diagnostics;
using HouseCanary.OrderManager.Http;
using HouseCanary.OrderManager.Json;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Valuation.Http;

namespace HouseCanary.OrderManager;

/// <summary>
/// The HouseCanary Order Manager Partner API client (see <see cref="IOrderManagerClient"/>). Register it with
/// <c>services.AddHouseCanaryOrderManager(...)</c>, which supplies an <see cref="HttpClient"/> whose pipeline
/// holds the resilience handler and then the <see cref="TokenAuthenticationHandler"/>. Thread-safe.
/// </summary>
public sealed class OrderManagerClient : IOrderManagerClient
{
    private const int CopyBufferSize = 81920;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue PdfMediaType = new("application/pdf");

    /// <summary>The longest <see cref="WaitForExportAsync"/> waits when the caller sets no maximum: 10 minutes.</summary>
    public static readonly TimeSpan DefaultMaxExportWait = TimeSpan.FromMinutes(10);

    private readonly HttpClient _http;
    private readonly IOptionsMonitor<OrderManagerOptions> _options;
    private readonly TimeProvider _time;
    private readonly OutboundPipeline _pipeline;
    private readonly ILogger _logger;
    private SettingsSnapshot? _settings;

    /// <summary>Initializes the client.</summary>
    /// <param name="httpClient">
    /// The HTTP client. Its pipeline must authenticate (a <see cref="TokenAuthenticationHandler"/>); the DI
    /// registration arranges that. Requests use absolute URIs built from <see cref="OrderManagerOptions.BaseAddress"/>.
    /// </param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for polling waits; the system clock when null.</param>
    public OrderManagerClient(HttpClient httpClient, IOptionsMonitor<OrderManagerOptions> options, TimeProvider? timeProvider = null)
        : this(httpClient, options, timeProvider, null)
    {
    }

    /// <summary>Initializes the client with the logger of what happened (the DI registration's constructor).</summary>
    /// <param name="httpClient">The HTTP client.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for polling waits and durations; the system clock when null.</param>
    /// <param name="logger">The logger of orders created and exports ready; none when null.</param>
    internal OrderManagerClient(HttpClient httpClient, IOptionsMonitor<OrderManagerOptions> options, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _pipeline = new OutboundPipeline(httpClient, CurrentSettings, CreateException, _time);
    }

    private Uri BaseAddress => _options.CurrentValue.GetNormalizedBaseAddress();

    /// <inheritdoc />
    public Task<Order> CreateOrderAsync(CreateOrderRequest request, CancellationToken cancellationToken = default)
    {
        // Not an async method (one state machine fewer per call): argument and validation failures still arrive as
        // a faulted task, as they did.
        if (request is null)
        {
            return Task.FromException<Order>(new ArgumentNullException(nameof(request)));
        }

        // The caller's request is copied only when an owner is filled in from the options.
        var effective = request;
        if (request.OwnerOrganizationId is null || request.OwnerId is null)
        {
            var options = _options.CurrentValue;
            effective = request with
            {
                OwnerOrganizationId = request.OwnerOrganizationId ?? options.OwnerOrganizationId,
                OwnerId = request.OwnerId ?? options.OwnerId,
            };
        }

        var problems = OrderRequestValidator.Validate(effective);
        if (problems.Count > 0)
        {
            return Task.FromException<Order>(new OrderValidationException(problems, nameof(request)));
        }

        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(effective, OrderManagerJsonContext.Default.CreateOrderRequest));
        content.Headers.ContentType = JsonMediaType;
        return SendForJsonAsync(new OutboundRequest(HttpMethod.Post, Resolve("orders/")) { Content = content }, OrderManagerJsonContext.Default.Order, "CreateOrder", cancellationToken, succeeded: OrderCreated);
    }

    /// <inheritdoc />
    public Task<Order> GetOrderAsync(HouseCanaryId orderId, CancellationToken cancellationToken = default)
    {
        string path;
        try
        {
            path = $"orders/{orderId.ToPathSegment(nameof(orderId))}/";
        }
        catch (ArgumentException ex)
        {
            return Task.FromException<Order>(ex);
        }

        return SendForJsonAsync(new OutboundRequest(HttpMethod.Get, Resolve(path)), OrderManagerJsonContext.Default.Order, "GetOrder", cancellationToken, orderId.ToString());
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<OrderItem> GetOrderItemsAsync(HouseCanaryId orderId, int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (pageSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be positive.");
        }

        var baseAddress = BaseAddress;
        string path = $"orders/{orderId.ToPathSegment(nameof(orderId))}/items/" + (pageSize is null ? string.Empty : Path($"?page_size={pageSize}"));
        Uri? next = Resolve(path);
        // Paging is bounded: at most MaxPages pages, and it ends on a page that brings nothing new (no item not seen
        // before) or on a next link already followed, so a server that pages forever cannot keep the caller forever.
        int maxPages = _options.CurrentValue.MaxPages;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<HouseCanaryId>();
        int pages = 0;
        while (next is not null && visited.Add(next.AbsoluteUri))
        {
            if (++pages > maxPages)
            {
                throw new OrderManagerException($"HouseCanary's item list for order {orderId} goes on past HouseCanary:MaxPages ({maxPages}) pages; stopped paging. Raise MaxPages if the order really has that many items.")
                {
                    FailureKind = OutboundFailureKind.TooManyPages,
                };
            }

            JsonElement root;
            using (var message = new OutboundRequest(HttpMethod.Get, next))
            {
                root = await SendForJsonAsync(message, OrderManagerJsonContext.Default.JsonElement, "GetOrderItems", cancellationToken, orderId.ToString()).ConfigureAwait(false);
            }

            IReadOnlyList<OrderItem> items;
            string? nextText = null;
            try
            {
                if (root.ValueKind == JsonValueKind.Array)
                {
                    items = root.Deserialize(OrderManagerJsonContext.Default.ListOrderItem) ?? [];
                }
                else if (root.ValueKind == JsonValueKind.Object)
                {
                    var page = root.Deserialize(OrderManagerJsonContext.Default.OrderItemsPage);
                    items = page?.Results ?? page?.Items
                        ?? throw new OrderManagerException($"HouseCanary's item list for order {orderId} is an object with neither 'results' nor 'items'.");
                    nextText = page?.Next;
                }
                else
                {
                    throw new OrderManagerException($"HouseCanary's item list for order {orderId} is a JSON {root.ValueKind}, neither an array nor a page object.");
                }
            }
            catch (JsonException ex)
            {
                throw new OrderManagerException($"HouseCanary's item list for order {orderId} could not be read at {ex.Path}: {ex.Message}", ex);
            }

            bool anyNew = false;
            foreach (var item in items)
            {
                if (seen.Add(item.Id))
                {
                    anyNew = true;
                    yield return item;
                }
            }

            next = string.IsNullOrEmpty(nextText) ? null : ResolveNextPage(next, nextText, baseAddress)
                ?? throw new OrderManagerException($"HouseCanary's next-page link for order {orderId} does not lie under the API base path {baseAddress.AbsolutePath}; it was not followed.");
            if (!anyNew)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public Task<long> DownloadItemPdfAsync(HouseCanaryId orderId, HouseCanaryId itemId, string key, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(destination);
        string path = $"orders/{orderId.ToPathSegment(nameof(orderId))}/items/{itemId.ToPathSegment(nameof(itemId))}/pdfdownload/" + Uri.EscapeDataString(key);
        return DownloadCoreAsync(Resolve(path), destination, progress, "DownloadItemPdf", cancellationToken, PdfMediaType, orderId.ToString(), itemId.ToString());
    }

    /// <inheritdoc />
    public Task<long> DownloadItemPdfAsync(HouseCanaryId orderId, OrderItem item, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        string key = item.ReportKey ?? throw new InvalidOperationException(
            $"HouseCanary item {item.Id} offers no downloadable (available_downloadables is {(item.AvailableDownloadables is null ? "absent" : "empty")}; its status is '{item.Status}'), so there is no PDF to fetch yet.");
        return DownloadItemPdfAsync(orderId, item.Id, key, destination, progress, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ExportRequest> CreateExportAsync(HouseCanaryId orderId, string format = ExportFormats.Zip, bool excludeJson = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);

        // No slash before '?': HouseCanary's live documentation lists exactly orders/{id}/export/zip?exclude_json=false.
        string path = $"orders/{orderId.ToPathSegment(nameof(orderId))}/export/" + Uri.EscapeDataString(format) + "?exclude_json=" + (excludeJson ? "true" : "false");
        using var message = new OutboundRequest(HttpMethod.Post, Resolve(path)) { Content = new ByteArrayContent([]) };
        return await SendForJsonAsync(message, OrderManagerJsonContext.Default.ExportRequest, "CreateExport", cancellationToken, orderId.ToString()).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ExportRequest> GetExportRequestAsync(HouseCanaryId orderId, HouseCanaryId exportId, CancellationToken cancellationToken = default)
    {
        string path = $"orders/{orderId.ToPathSegment(nameof(orderId))}/export-requests/{exportId.ToPathSegment(nameof(exportId))}/";
        using var message = new OutboundRequest(HttpMethod.Get, Resolve(path));
        return await SendForJsonAsync(message, OrderManagerJsonContext.Default.ExportRequest, "GetExportRequest", cancellationToken, orderId.ToString(), exportId: exportId.ToString()).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ExportRequest> WaitForExportAsync(HouseCanaryId orderId, HouseCanaryId exportId, TimeSpan? pollInterval = null, TimeSpan? maxWait = null, CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? TimeSpan.FromSeconds(2);
        var limit = maxWait ?? DefaultMaxExportWait;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(pollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(maxWait));

        // One span over the whole wait; each poll is a GetExportRequest span below it.
        using var operation = HouseCanaryTelemetry.Client.Start("WaitForExport", _time);
        string orderText = orderId.ToString();
        string exportText = exportId.ToString();
        Tag(operation, orderText, null, exportText);
        try
        {
            var export = await WaitForExportCoreAsync(orderId, exportId, interval, limit, cancellationToken).ConfigureAwait(false);
            operation.Succeeded();
            OrderManagerLog.ExportReady(_logger, orderText, exportText);

            return export;
        }
        catch (Exception ex)
        {
            operation.FailedWith(ex, StatusOf(ex));
            throw;
        }
    }

    private async Task<ExportRequest> WaitForExportCoreAsync(HouseCanaryId orderId, HouseCanaryId exportId, TimeSpan interval, TimeSpan limit, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        while (true)
        {
            var export = await GetExportRequestAsync(orderId, exportId, cancellationToken).ConfigureAwait(false);
            if (ExportStatus.IsComplete(export.Status))
            {
                return export.ExportedData is not null
                    ? export
                    : throw new ExportWaitException($"HouseCanary reports export {exportId} of order {orderId} as '{export.Status}' but sends no exported_data to download it from.", export, timedOut: false);
            }

            if (ExportStatus.IsFailed(export.Status))
            {
                throw new ExportWaitException($"HouseCanary reports that export {exportId} of order {orderId} ended '{export.Status}' without a file.", export, timedOut: false);
            }

            var left = limit - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                throw new ExportWaitException(
                    string.Create(CultureInfo.InvariantCulture, $"Export {exportId} of order {orderId} was still '{export.Status}' ({export.PercentComplete?.ToString(CultureInfo.InvariantCulture) ?? "?"}% complete) after {limit.TotalSeconds:0.#} s; it may still complete: poll it again with GetExportRequestAsync."),
                    export,
                    timedOut: true);
            }

            await Task.Delay(interval < left ? interval : left, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<long> DownloadExportAsync(Uri exportedData, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        DownloadUrlAsync(exportedData, destination, progress, "DownloadExport", cancellationToken);

    /// <inheritdoc />
    public Task<long> DownloadAsync(Uri downloadUrl, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        DownloadUrlAsync(downloadUrl, destination, progress, "Download", cancellationToken);

    /// <inheritdoc />
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relativePath, HttpContent? content = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        var uri = ResolveRelative(relativePath);
        using var operation = HouseCanaryTelemetry.Client.Start("Send", _time);
        operation.SetRequest(method, uri);
        int? status = null;
        try
        {
            using var message = new OutboundRequest(method, uri) { Content = content };
            using var call = await _pipeline.SendAsync(message, "Send", OutboundMode.Buffered, cancellationToken).ConfigureAwait(false);
            status = (int)call.Response.StatusCode;

            // The body is read here, within the total timeout and the size cap, so the caller's reads cannot hang.
            using var body = await call.ReadBodyAsync().ConfigureAwait(false);
            var response = call.DetachResponse();
            var buffered = new ByteArrayContent(body.Span.ToArray());
            foreach (var header in response.Content.Headers.NonValidated)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content.Dispose();
            response.Content = buffered;
            operation.Completed(status.Value);
            return response;
        }
        catch (Exception ex)
        {
            operation.FailedWith(ex, status ?? StatusOf(ex));
            throw;
        }
    }

    private Task<long> DownloadUrlAsync(Uri downloadUrl, Stream destination, IProgress<long>? progress, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(downloadUrl);
        ArgumentNullException.ThrowIfNull(destination);
        if (!downloadUrl.IsAbsoluteUri || (downloadUrl.Scheme != Uri.UriSchemeHttps && downloadUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("A download URL must be an absolute http or https URI.", nameof(downloadUrl));
        }

        var settings = CurrentSettings();
        if (DownloadUrlPolicy.Refusal(downloadUrl, settings.BaseAddress, settings.AllowPrivateNetworkDownloadHosts) is { } why)
        {
            throw (OrderManagerException)_pipeline.Refuse(
                OutboundFailureKind.DownloadUrlRefused,
                $"HouseCanary Download refused the URL {UrlRedaction.Redact(downloadUrl)} because {why}; nothing was sent.");
        }

        return DownloadCoreAsync(downloadUrl, destination, progress, operation, cancellationToken);
    }

    /// <summary>
    /// Resolves a <c>next</c> link: relative to the page it came from, then only its path and query are kept and
    /// rebuilt on the configured scheme, host and port (a Django server behind a TLS-terminating proxy emits
    /// <c>http://</c> or internal-host links). Never downgrades to http, never sends the token to another host.
    /// </summary>
    /// <returns>The URI to fetch, or null when the path does not lie under the base path.</returns>
    internal static Uri? ResolveNextPage(Uri currentPage, string nextText, Uri baseAddress)
    {
        if (!Uri.TryCreate(currentPage, nextText, out var resolved) || !resolved.IsAbsoluteUri
            || (resolved.Scheme != Uri.UriSchemeHttp && resolved.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var rebuilt = new Uri(baseAddress.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + resolved.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped));
        return BaseAddressScope.IsUnder(rebuilt, baseAddress) ? rebuilt : null;
    }

    /// <summary>Resolves a caller-supplied relative path, refusing anything that is absolute or escapes the base address.</summary>
    internal Uri ResolveRelative(string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        string pathPart = relativePath.Split('?', 2)[0];
        bool escapes = relativePath.StartsWith('/') || relativePath.StartsWith('\\') || pathPart.Contains(':', StringComparison.Ordinal)
            || pathPart.Contains('\\', StringComparison.Ordinal)
            || pathPart.Split('/').Any(segment => Uri.UnescapeDataString(segment) is "." or ".." || segment.Contains("%2f", StringComparison.OrdinalIgnoreCase))
            || relativePath.Any(char.IsControl);
        if (escapes || Uri.TryCreate(relativePath, UriKind.Absolute, out _))
        {
            throw new ArgumentException("The path must be relative to the API base address: no scheme, no leading slash, no '.' or '..' segments, no backslash.", nameof(relativePath));
        }

        var baseAddress = BaseAddress;
        var uri = new Uri(baseAddress, relativePath);
        if (!BaseAddressScope.IsUnder(uri, baseAddress))
        {
            throw new ArgumentException("The path resolves outside the API base address.", nameof(relativePath));
        }

        return uri;
    }

    private static string Path(FormattableString path) => path.ToString(CultureInfo.InvariantCulture);

    private Uri Resolve(string relativePath) => new(BaseAddress, relativePath);

    private OutboundSettings CurrentSettings()
    {
        var options = _options.CurrentValue;
        var cached = _settings;
        if (cached is not null && ReferenceEquals(cached.Options, options))
        {
            return cached.Settings;
        }

        var settings = new OutboundSettings(
            options.GetNormalizedBaseAddress(),
            options.TotalRequestTimeout,
            options.IdleTimeout,
            options.MaxResponseBytes,
            options.MaxDownloadBytes,
            options.AllowPrivateNetworkDownloadHosts,
            "HouseCanary",
            "HouseCanary");
        _settings = new SettingsSnapshot(options, settings);
        return settings;
    }

    private static OrderManagerException CreateException(OutboundFailure failure) =>
        new(failure.Message, failure.StatusCode, null, null, null, null, failure.InnerException)
        {
            FailureKind = failure.Kind,
            MayHaveBeenApplied = failure.MayHaveBeenApplied,
        };

    /// <summary>The status code a failure carries, if HouseCanary answered one.</summary>
    private static int? StatusOf(Exception exception) =>
        exception is OrderManagerException { StatusCode: { } status } ? (int)status : null;

    /// <summary>Tags the vendor's ids on a recording span (never a key or a URL).</summary>
    private static void Tag(ClientOperation operation, string? orderId, string? itemId, string? exportId = null)
    {
        if (!operation.IsRecording)
        {
            return;
        }

        if (orderId is not null)
        {
            operation.SetTag(HouseCanaryTelemetry.OrderIdAttribute, orderId);
        }

        if (itemId is not null)
        {
            operation.SetTag(HouseCanaryTelemetry.OrderItemIdAttribute, itemId);
        }

        if (exportId is not null)
        {
            operation.SetTag(HouseCanaryTelemetry.ExportRequestIdAttribute, exportId);
        }
    }

    /// <summary>An order HouseCanary accepted: its id on the span, the counter, and the Information line.</summary>
    private static void OrderCreated(OrderManagerClient client, ClientOperation operation, Order order)
    {
        string id = order.Id.ToString();
        Tag(operation, id, null);
        HouseCanaryTelemetry.RecordOrderCreated();
        OrderManagerLog.OrderCreated(client._logger, id, order.Items?.Count ?? 0);
    }

    /// <summary>
    /// Sends <paramref name="message"/> for a JSON answer and disposes it (disposing it again is harmless), inside the
    /// operation's span and duration.
    /// </summary>
    private async Task<T> SendForJsonAsync<T>(HttpRequestMessage message, JsonTypeInfo<T> typeInfo, string operation, CancellationToken cancellationToken, string? orderId = null, string? itemId = null, string? exportId = null, Action<OrderManagerClient, ClientOperation, T>? succeeded = null)
    {
        using var owned = message;
        using var telemetry = HouseCanaryTelemetry.Client.Start(operation, _time);
        Tag(telemetry, orderId, itemId, exportId);
        telemetry.SetRequest(message.Method, message.RequestUri);
        int? status = null;
        try
        {
            // Unvalidated: a constant header, without the typed collection the Accept property allocates.
            message.Headers.TryAddWithoutValidation("Accept", "application/json");
            using var call = await _pipeline.SendAsync(message, operation, OutboundMode.Buffered, cancellationToken).ConfigureAwait(false);
            status = (int)call.Response.StatusCode;
            if (!call.Response.IsSuccessStatusCode)
            {
                throw await ErrorResponseReader.CreateExceptionAsync(call).ConfigureAwait(false);
            }

            using var body = await call.ReadBodyAsync().ConfigureAwait(false);
            T? value;
            try
            {
                value = JsonSerializer.Deserialize(body.Span, typeInfo);
            }
            catch (JsonException ex)
            {
                throw new OrderManagerException(
                    $"HouseCanary's response to {call.Description} is not the expected JSON (at {ex.Path ?? "$"}, line {ex.LineNumber}, byte {ex.BytePositionInLine}): {ex.Message}",
                    call.Response.StatusCode,
                    null,
                    null,
                    null,
                    ErrorResponseReader.FindRequestId(call.Response),
                    ex)
                {
                    FailureKind = OutboundFailureKind.InvalidResponse,
                    MayHaveBeenApplied = OutboundFailure.MayHaveApplied(message.Method, OutboundFailureKind.InvalidResponse, call.Response.StatusCode),
                };
            }

            if (value is null)
            {
                throw new OrderManagerException($"HouseCanary's response to {call.Description} was JSON null.", call.Response.StatusCode, "null", null, null, ErrorResponseReader.FindRequestId(call.Response))
                {
                    FailureKind = OutboundFailureKind.InvalidResponse,
                    MayHaveBeenApplied = OutboundFailure.MayHaveApplied(message.Method, OutboundFailureKind.InvalidResponse, call.Response.StatusCode),
                };
            }

            telemetry.Succeeded(status);
            succeeded?.Invoke(this, telemetry, value);
            return value;
        }
        catch (Exception ex)
        {
            telemetry.FailedWith(ex, status ?? StatusOf(ex));
            throw;
        }
    }

    private async Task<long> DownloadCoreAsync(Uri uri, Stream destination, IProgress<long>? progress, string operation, CancellationToken cancellationToken, MediaTypeWithQualityHeaderValue? accept = null, string? orderId = null, string? itemId = null)
    {
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream is not writable.", nameof(destination));
        }

        // The span keeps the download host and port only: a pre-signed URL's path and query never reach it.
        using var telemetry = HouseCanaryTelemetry.Client.Start(operation, _time);
        Tag(telemetry, orderId, itemId);
        telemetry.SetRequest(HttpMethod.Get, uri);
        int? status = null;
        try
        {
            using var message = new OutboundRequest(HttpMethod.Get, uri);
            if (accept is not null)
            {
                message.Headers.Accept.Add(accept);
            }

            using var call = await _pipeline.SendAsync(message, operation, OutboundMode.Streamed, cancellationToken).ConfigureAwait(false);
            status = (int)call.Response.StatusCode;
            if (!call.Response.IsSuccessStatusCode)
            {
                throw BaseAddressScope.IsUnder(uri, call.Settings.BaseAddress)
                    ? await ErrorResponseReader.CreateExceptionAsync(call).ConfigureAwait(false)
                    : ErrorResponseReader.CreateDownloadHostException(call, uri.Authority);
            }

            var source = await call.OpenStreamAsync().ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
                try
                {
                    long total = 0;
                    int read;
                    while ((read = await source.ReadAsync(buffer, call.Token).ConfigureAwait(false)) > 0)
                    {
                        await destination.WriteAsync(buffer.AsMemory(0, read), call.Token).ConfigureAwait(false);
                        call.Kick();
                        total += read;
                        progress?.Report(total);
                    }

                    telemetry.Succeeded(status);
                    return total;
                }
                catch (OperationCanceledException ex) when (call.Translate(ex) is { } typed)
                {
                    // The idle timer fired while the destination was written.
                    throw typed;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception ex)
        {
            telemetry.FailedWith(ex, status ?? StatusOf(ex));
            throw;
        }
    }

    private sealed record SettingsSnapshot(OrderManagerOptions Options, OutboundSettings Settings);
}
