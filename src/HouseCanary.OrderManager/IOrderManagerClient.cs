using HouseCanary.OrderManager.Models;

namespace HouseCanary.OrderManager;

/// <summary>
/// The HouseCanary Order Manager Partner API. Thread-safe; every call goes through the resilience handler and
/// the token handler. The Partner API's reference (<c>/partner-api/v1/apidocs/</c>) is not public: besides
/// <c>POST orders/</c>, which the document describes, the endpoints follow HouseCanary's public Client API, which the
/// Partner API mirrors. <see cref="SendAsync"/> reaches anything else.
/// </summary>
public interface IOrderManagerClient
{
    /// <summary>
    /// Creates an order (<c>POST orders/</c>). The request is validated first and nothing is sent when it is invalid.
    /// Owner ids left null are taken from the options. Never retried once it may have reached the server.
    /// </summary>
    /// <param name="request">The order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created order.</returns>
    /// <exception cref="OrderValidationException">The request is invalid; every problem is listed.</exception>
    /// <exception cref="OrderManagerException">HouseCanary answered with an error.</exception>
    Task<Order> CreateOrderAsync(CreateOrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gets an order (<c>GET orders/{id}/</c>; Client API shape).</summary>
    /// <param name="orderId">The order's id: an <see cref="Order.Id"/>, a callout's <see cref="Callouts.CalloutMessage.OrderId"/>, or an integer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The order.</returns>
    /// <exception cref="OrderManagerException">HouseCanary answered with an error (404 when unknown).</exception>
    Task<Order> GetOrderAsync(HouseCanaryId orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists an order's items (<c>GET orders/{id}/items/</c>; Client API shape), accepting a bare array, a page
    /// <c>{count, next, previous, results}</c> or <c>{"items": [...]}</c>, and following <c>next</c> (only under the base address).
    /// </summary>
    /// <param name="orderId">The order's id.</param>
    /// <param name="pageSize">The page size to ask for, or null for the server's default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The items, fetched page by page as enumerated.</returns>
    IAsyncEnumerable<OrderItem> GetOrderItemsAsync(HouseCanaryId orderId, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams an item's PDF (<c>GET orders/{id}/items/{item_id}/pdfdownload/{key}</c> with <c>Accept: application/pdf</c>;
    /// Client API shape) into <paramref name="destination"/>, without buffering it whole.
    /// </summary>
    /// <param name="orderId">The order's id.</param>
    /// <param name="itemId">The item's id.</param>
    /// <param name="key">A <see cref="Downloadable.Key"/> from <see cref="OrderItem.AvailableDownloadables"/>.</param>
    /// <param name="destination">Receives the bytes.</param>
    /// <param name="progress">Receives the running byte count, if given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of bytes written.</returns>
    Task<long> DownloadItemPdfAsync(HouseCanaryId orderId, HouseCanaryId itemId, string key, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams an item's report PDF, taking its key from the item's <see cref="OrderItem.AvailableDownloadables"/>
    /// (<see cref="OrderItem.ReportKey"/>: the first one's <c>key</c>, as the public integration does).
    /// </summary>
    /// <param name="orderId">The order's id.</param>
    /// <param name="item">The item, as <see cref="GetOrderItemsAsync"/> returned it.</param>
    /// <param name="destination">Receives the bytes.</param>
    /// <param name="progress">Receives the running byte count, if given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="InvalidOperationException">The item offers no downloadable (it is not complete yet); nothing was sent.</exception>
    Task<long> DownloadItemPdfAsync(HouseCanaryId orderId, OrderItem item, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Requests an export of the order (<c>POST orders/{id}/export/{fmt}?exclude_json=true|false</c>, no slash before
    /// the <c>?</c>, as HouseCanary's live documentation lists it; Client API shape). Not retried once it may have reached the server.
    /// </summary>
    /// <param name="orderId">The order's id.</param>
    /// <param name="format">The format, <see cref="ExportFormats.Zip"/> by default.</param>
    /// <param name="excludeJson">Whether to leave out the per-item <c>_OrderItem.json</c> files.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The export request; poll it with <see cref="GetExportRequestAsync"/>.</returns>
    Task<ExportRequest> CreateExportAsync(HouseCanaryId orderId, string format = ExportFormats.Zip, bool excludeJson = false, CancellationToken cancellationToken = default);

    /// <summary>Gets an export request (<c>GET orders/{id}/export-requests/{export_id}/</c>; Client API shape).</summary>
    /// <param name="orderId">The order's id.</param>
    /// <param name="exportId">The export request's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The export request, with <c>status</c>, <c>percent_complete</c> and, once complete, <c>exported_data</c>.</returns>
    Task<ExportRequest> GetExportRequestAsync(HouseCanaryId orderId, HouseCanaryId exportId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls an export request until it is complete (<see cref="ExportStatus.IsComplete"/>) with its download URL.
    /// It ends with an <see cref="ExportWaitException"/> as soon as the status says the export is over without a file
    /// (<see cref="ExportStatus.IsFailed"/>: <c>failed</c>, <c>error</c>, <c>cancelled</c>, <c>expired</c>, ...), when
    /// it is complete without <c>exported_data</c>, or when <paramref name="maxWait"/> has passed; any other status
    /// (such as <c>pending</c> or <c>in_progress</c>) keeps it polling.
    /// </summary>
    /// <param name="orderId">The order's id.</param>
    /// <param name="exportId">The export request's id.</param>
    /// <param name="pollInterval">The wait between polls; 2 seconds when null.</param>
    /// <param name="maxWait">The longest wait, measured on the client's clock from the first poll; 10 minutes when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The completed export request, with <see cref="ExportRequest.ExportedData"/>.</returns>
    /// <exception cref="ExportWaitException">The export ended without a file, or was not complete within <paramref name="maxWait"/>.</exception>
    /// <exception cref="OrderManagerException">HouseCanary answered a poll with an error.</exception>
    Task<ExportRequest> WaitForExportAsync(HouseCanaryId orderId, HouseCanaryId exportId, TimeSpan? pollInterval = null, TimeSpan? maxWait = null, CancellationToken cancellationToken = default);

    /// <summary>Streams a completed export (its <see cref="ExportRequest.ExportedData"/> URL) into <paramref name="destination"/>.</summary>
    /// <param name="exportedData">The pre-signed URL; the API token is not sent unless it lies under the base address.</param>
    /// <param name="destination">Receives the bytes.</param>
    /// <param name="progress">Receives the running byte count, if given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of bytes written.</returns>
    Task<long> DownloadExportAsync(Uri exportedData, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Streams any pre-signed download, such as an <c>order_complete</c> callout's <c>download_url</c>.</summary>
    /// <param name="downloadUrl">The absolute http(s) URL; the API token is not sent unless it lies under the base address.</param>
    /// <param name="destination">Receives the bytes.</param>
    /// <param name="progress">Receives the running byte count, if given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of bytes written.</returns>
    Task<long> DownloadAsync(Uri downloadUrl, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Escape hatch: sends a request to a path relative to the base address (such as <c>orders/12/notes/</c>)
    /// through the same authentication and resilience. The caller owns (and disposes) the response, whatever its status.
    /// </summary>
    /// <param name="method">The method. Only GET, HEAD, OPTIONS and TRACE are retried after failures that may have reached the server.</param>
    /// <param name="relativePath">The path below the base address, optionally with a query; no scheme, no leading slash, no <c>..</c>.</param>
    /// <param name="content">The body, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response (headers read; the body is not buffered).</returns>
    /// <exception cref="ArgumentException">The path is absolute or escapes the base address.</exception>
    Task<HttpResponseMessage> SendAsync(HttpMethod method, string relativePath, HttpContent? content = null, CancellationToken cancellationToken = default);
}
