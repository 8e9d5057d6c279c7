using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Shared.Signing;
using Valuation.Sandbox.Delivery;
using Valuation.Sandbox.Documents;
using Valuation.Sandbox.Json;

namespace Valuation.Sandbox.HouseCanary;

/// <summary>The emulated HouseCanary Order Manager Partner API: endpoints, asynchronous validation, lifecycle, callouts.</summary>
internal sealed class HouseCanaryApi
{
    public const string Root = "/partner-api/v1";
    private const string UndeliverableMarker = "UNDELIVERABLE";
    private const string UndeliverableZip = "00000";
    private const string ValueReportKey = "value_report";

    private readonly SandboxRuntime _runtime;
    private readonly HouseCanarySandboxOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, HcOrder> _orders = [];
    private readonly Dictionary<long, HcExport> _exports = [];
    private volatile DeliveryChannel _channel;
    private long _nextOrderId;
    private long _nextItemId;
    private long _nextExportId;
    private int _createRequests;

    public HouseCanaryApi(SandboxRuntime runtime)
    {
        _runtime = runtime;
        _options = runtime.Options.HouseCanary;
        _nextOrderId = 1000 + runtime.NextInt(0, 9000);
        _nextItemId = 5000 + runtime.NextInt(0, 90000);
        _nextExportId = 70 + runtime.NextInt(0, 900);
        Dispatcher = runtime.CreateDispatcher();
        _channel = new DeliveryChannel(_options.CalloutUrl, _options.CalloutTimeout, _options.MaxRedeliveries, _options.RedeliveryInterval, AddQueryToken, Authenticate);
    }

    public WebhookDispatcher Dispatcher { get; }

    /// <summary>Points callouts sent from now on (redeliveries of earlier ones keep their URL) at <paramref name="url"/>.</summary>
    public void SetCalloutUrl(Uri? url)
    {
        _options.ValidateCalloutUrl(url);
        _channel = _channel with { Url = url };
    }

    public int CreateOrderRequestCount => Volatile.Read(ref _createRequests);

    private Uri ApiBase => new(_runtime.BaseAddress, "partner-api/v1/");

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(Root + "/orders/", CreateOrderAsync);
        app.MapGet(Root + "/orders/{orderId}/", GetOrderAsync);
        app.MapGet(Root + "/orders/{orderId}/items/", GetItemsAsync);
        app.MapGet(Root + "/orders/{orderId}/items/{itemId}/pdfdownload/{key}", GetItemPdfAsync);
        app.MapPost(Root + "/orders/{orderId}/export/{format}", CreateExportAsync);
        app.MapGet(Root + "/orders/{orderId}/export-requests/{exportId}/", GetExportAsync);
        app.Map(Root + "/{**rest}", context => Detail(context.Response, StatusCodes.Status404NotFound, "Not found."));
        app.MapGet("/downloads/items/{token}/{file}", DownloadItemPdfAsync);
        app.MapGet("/downloads/exports/{token}/{file}", DownloadExportAsync);
    }

    /// <summary>Token authentication for every API request (the pre-signed downloads need none).</summary>
    public async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/partner-api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        string? header = context.Request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header))
        {
            context.Response.Headers.WWWAuthenticate = "Token";
            await Detail(context.Response, StatusCodes.Status401Unauthorized, "Authentication credentials were not provided.");
            return;
        }

        var value = header.AsSpan().Trim();
        int space = value.IndexOf(' ');
        bool valid = space > 0
            && value[..space].Equals("Token", StringComparison.OrdinalIgnoreCase)
            && CredentialVerifier.VerifyToken(value[(space + 1)..].Trim().ToString(), [_options.ApiToken]).IsValid;
        if (!valid)
        {
            context.Response.Headers.WWWAuthenticate = "Token";
            await Detail(context.Response, StatusCodes.Status401Unauthorized, "Invalid token.");
            return;
        }

        await next(context);
    }

    private async Task CreateOrderAsync(HttpContext context)
    {
        Interlocked.Increment(ref _createRequests);
        byte[] body = await JsonResponses.ReadBodyAsync(context.Request);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            await Detail(context.Response, StatusCodes.Status400BadRequest, $"JSON parse error - {ex.Message}");
            return;
        }

        HcOrder order;
        using (document)
        {
            if (!HouseCanaryOrderValidator.TryValidate(document.RootElement, out var request, out var errors))
            {
                await JsonResponses.WriteRawAsync(context.Response, StatusCodes.Status400BadRequest, errors!);
                return;
            }

            if (request!.OwnerOrganizationId != _options.OwnerOrganizationId || request.OwnerId != _options.OwnerId)
            {
                await Detail(context.Response, StatusCodes.Status403Forbidden, "You do not have permission to act for this owner.");
                return;
            }

            lock (_gate)
            {
                order = new HcOrder
                {
                    Id = _nextOrderId++,
                    Name = request.Name,
                    CustomerOrderId = request.CustomerOrderId,
                    OwnerOrganizationId = request.OwnerOrganizationId,
                    OwnerId = request.OwnerId,
                    CreatedDate = _runtime.Clock.GetUtcNow(),
                };
                foreach (var item in request.Items)
                {
                    order.Items.Add(new HcItem
                    {
                        Id = _nextItemId++,
                        OrderId = order.Id,
                        Address = item.Address,
                        Unit = item.Unit,
                        City = item.City,
                        State = item.State,
                        Zipcode = item.Zipcode,
                        CustomerItemId = item.CustomerItemId,
                        ExternalIntegrationId = item.ExternalIntegrationId,
                    });
                }

                _orders.Add(order.Id, order);
            }
        }

        _runtime.Scheduler.Schedule(_runtime.Options.StepInterval, ct => ValidateStepAsync(order, ct));
        HcOrderWire wire;
        lock (_gate)
        {
            // Public evidence: POST orders/ answers 201 with the order, its items in items[], each with its id.
            wire = ToWire(order, withItems: true);
        }

        context.Response.Headers.Location = new Uri(ApiBase, $"orders/{order.Id}/").ToString();
        await JsonResponses.WriteAsync(context.Response, StatusCodes.Status201Created, wire, SandboxJsonContext.Default.HcOrderWire);
    }

    private async Task GetOrderAsync(HttpContext context)
    {
        if (FindOrder(context) is not { } order)
        {
            await NotFound(context);
            return;
        }

        HcOrderWire wire;
        lock (_gate)
        {
            wire = ToWire(order);
        }

        await JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, wire, SandboxJsonContext.Default.HcOrderWire);
    }

    private async Task GetItemsAsync(HttpContext context)
    {
        if (FindOrder(context) is not { } order)
        {
            await NotFound(context);
            return;
        }

        int page = 1;
        int pageSize = 100;
        var query = context.Request.Query;
        if ((query.ContainsKey("page") && !int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out page))
            || (query.ContainsKey("page_size") && !int.TryParse(query["page_size"], NumberStyles.None, CultureInfo.InvariantCulture, out pageSize))
            || page < 1 || pageSize < 1 || pageSize > 1000)
        {
            await Detail(context.Response, StatusCodes.Status404NotFound, "Invalid page.");
            return;
        }

        if (_options.ItemList != HouseCanaryItemList.Page)
        {
            List<HcItemWire> all;
            lock (_gate)
            {
                all = [.. order.Items.Select(ToWire)];
            }

            await (_options.ItemList == HouseCanaryItemList.Array
                ? JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, all, SandboxJsonContext.Default.ListHcItemWire)
                : JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, new HcItemsObjectWire { Items = all }, SandboxJsonContext.Default.HcItemsObjectWire));
            return;
        }

        HcItemPageWire wire;
        lock (_gate)
        {
            int count = order.Items.Count;
            int pages = Math.Max(1, (count + pageSize - 1) / pageSize);
            if (page > pages)
            {
                wire = null!;
            }
            else
            {
                string PageUrl(int p) => new Uri(ApiBase, string.Create(CultureInfo.InvariantCulture, $"orders/{order.Id}/items/?page={p}&page_size={pageSize}")).ToString();
                wire = new HcItemPageWire
                {
                    Count = count,
                    Next = page < pages ? PageUrl(page + 1) : null,
                    Previous = page > 1 ? PageUrl(page - 1) : null,
                    Results = [.. order.Items.Skip((page - 1) * pageSize).Take(pageSize).Select(ToWire)],
                };
            }
        }

        if (wire is null)
        {
            await Detail(context.Response, StatusCodes.Status404NotFound, "Invalid page.");
            return;
        }

        await JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, wire, SandboxJsonContext.Default.HcItemPageWire);
    }

    private async Task GetItemPdfAsync(HttpContext context)
    {
        if (!AcceptsPdf(context.Request))
        {
            // Django REST framework's content negotiation: no renderer satisfies the Accept header.
            await Detail(context.Response, StatusCodes.Status406NotAcceptable, "Could not satisfy the request Accept header.");
            return;
        }

        byte[]? pdf = null;
        if (FindOrder(context) is { } order && long.TryParse(context.Request.RouteValues["itemId"] as string, CultureInfo.InvariantCulture, out long itemId)
            && string.Equals(context.Request.RouteValues["key"] as string, ValueReportKey, StringComparison.Ordinal))
        {
            lock (_gate)
            {
                pdf = order.Items.FirstOrDefault(i => i.Id == itemId)?.Pdf;
            }
        }

        if (pdf is null)
        {
            await NotFound(context);
            return;
        }

        await WriteFileAsync(context.Response, "application/pdf", pdf, fileName: null);
    }

    private async Task DownloadItemPdfAsync(HttpContext context)
    {
        string? token = context.Request.RouteValues["token"] as string;
        string? file = context.Request.RouteValues["file"] as string;
        HcItem? item;
        lock (_gate)
        {
            item = _orders.Values.SelectMany(o => o.Items).FirstOrDefault(i => i.DownloadToken is not null && i.DownloadToken == token && i.DownloadFileName == file);
        }

        if (item?.Pdf is null)
        {
            await NotFound(context);
            return;
        }

        await WriteFileAsync(context.Response, "application/pdf", item.Pdf, item.DownloadFileName);
    }

    private async Task CreateExportAsync(HttpContext context)
    {
        // HouseCanary's live docs list orders/{id}/export/{fmt}?exclude_json=...: no slash before the query. Routing
        // here would accept a trailing slash; Django's URL patterns do not.
        if (context.Request.Path.Value?.EndsWith('/') == true || FindOrder(context) is not { } order)
        {
            await NotFound(context);
            return;
        }

        string format = context.Request.RouteValues["format"] as string ?? string.Empty;
        if (!string.Equals(format, "zip", StringComparison.Ordinal))
        {
            await Detail(context.Response, StatusCodes.Status400BadRequest, $"Unsupported export format \"{format}\": only zip is supported.");
            return;
        }

        bool excludeJson = false;
        if (context.Request.Query.TryGetValue("exclude_json", out var raw))
        {
            switch (raw.ToString().ToUpperInvariant())
            {
                case "TRUE" or "1":
                    excludeJson = true;
                    break;
                case "FALSE" or "0" or "":
                    break;
                default:
                    await Detail(context.Response, StatusCodes.Status400BadRequest, "exclude_json must be true or false.");
                    return;
            }
        }

        HcExport export;
        HcExportWire wire;
        lock (_gate)
        {
            export = new HcExport { Id = _nextExportId++, OrderId = order.Id, Format = format, ExcludeJson = excludeJson };
            _exports.Add(export.Id, export);
            wire = ToWire(export);
        }

        _runtime.Scheduler.Schedule(_runtime.Options.StepInterval, ct => ExportProgressStepAsync(export, order));
        context.Response.Headers.Location = new Uri(ApiBase, $"orders/{order.Id}/export-requests/{export.Id}/").ToString();
        await JsonResponses.WriteAsync(context.Response, StatusCodes.Status201Created, wire, SandboxJsonContext.Default.HcExportWire);
    }

    private async Task GetExportAsync(HttpContext context)
    {
        HcExportWire? wire = null;
        if (FindOrder(context) is { } order && long.TryParse(context.Request.RouteValues["exportId"] as string, CultureInfo.InvariantCulture, out long exportId))
        {
            lock (_gate)
            {
                if (_exports.TryGetValue(exportId, out var export) && export.OrderId == order.Id)
                {
                    wire = ToWire(export);
                }
            }
        }

        if (wire is null)
        {
            await NotFound(context);
            return;
        }

        await JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, wire, SandboxJsonContext.Default.HcExportWire);
    }

    private async Task DownloadExportAsync(HttpContext context)
    {
        string? token = context.Request.RouteValues["token"] as string;
        string? file = context.Request.RouteValues["file"] as string;
        HcExport? export;
        lock (_gate)
        {
            export = _exports.Values.FirstOrDefault(e => e.Token is not null && e.Token == token && e.FileName == file);
        }

        if (export?.Zip is null)
        {
            await NotFound(context);
            return;
        }

        await WriteFileAsync(context.Response, "application/zip", export.Zip, export.FileName);
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    private async Task ValidateStepAsync(HcOrder order, CancellationToken cancellationToken)
    {
        var callouts = new List<(string Type, string Id, byte[] Body)>();
        bool anyAccepted;
        lock (_gate)
        {
            foreach (var item in order.Items)
            {
                var failed = FailedCheck(item);
                item.Status = failed is null ? "accepted" : "cancelled";
                item.CancellationReason = failed?.Message;
                callouts.Add(ItemStatusCallout(order, item, failed is null ? null : [failed]));
            }

            anyAccepted = order.Items.Any(i => i.Status == "accepted");
            order.Status = anyAccepted ? "accepted" : "cancelled";
            callouts.Add(OrderStatusCallout(order));
        }

        await SendAsync(callouts, cancellationToken);
        if (anyAccepted)
        {
            _runtime.Scheduler.Schedule(_runtime.Options.StepInterval, ct => ReportPendingStepAsync(order, ct));
        }
    }

    private async Task ReportPendingStepAsync(HcOrder order, CancellationToken cancellationToken)
    {
        var callouts = new List<(string Type, string Id, byte[] Body)>();
        lock (_gate)
        {
            foreach (var item in order.Items.Where(i => i.Status == "accepted"))
            {
                item.Status = "reportpending";
                callouts.Add(ItemStatusCallout(order, item));
            }

            order.Status = "reportpending";
        }

        await SendAsync(callouts, cancellationToken);
        _runtime.Scheduler.Schedule(_runtime.Options.StepInterval, ct => CompleteStepAsync(order, ct));
    }

    private async Task CompleteStepAsync(HcOrder order, CancellationToken cancellationToken)
    {
        var callouts = new List<(string Type, string Id, byte[] Body)>();
        var now = _runtime.Clock.GetUtcNow();
        var today = Slug.LosAngelesDate(now);
        lock (_gate)
        {
            foreach (var item in order.Items.Where(i => i.Status == "reportpending"))
            {
                item.Status = "complete";
                item.CompletedAt = now;
                item.EstimatedValue = 250000m + (_runtime.NextInt(0, 400) * 1000m);
                item.Pdf = PdfDocument.Create(
                [
                    "HouseCanary Value Report (Valuation.Sandbox)",
                    $"Order {order.Id} - {order.Name}",
                    $"Item {item.Id}",
                    FullAddress(item),
                    $"Completed {today:yyyy-MM-dd}",
                ]);
                item.DownloadToken = _runtime.NextToken();
                item.DownloadFileName = ItemFilePrefix(order, item) + "_ValueReport.pdf";
                callouts.Add(ItemStatusCallout(order, item));
                callouts.Add(OrderCompleteCallout(order, item));
            }

            order.Status = "complete";
            order.DeliveredAt = now;
            callouts.Add(OrderStatusCallout(order));
        }

        await SendAsync(callouts, cancellationToken);
    }

    private Task ExportProgressStepAsync(HcExport export, HcOrder order)
    {
        lock (_gate)
        {
            export.Status = "in_progress";
            export.PercentComplete = 50;
        }

        _runtime.Scheduler.Schedule(_runtime.Options.StepInterval, _ => ExportCompleteStepAsync(export, order));
        return Task.CompletedTask;
    }

    private Task ExportCompleteStepAsync(HcExport export, HcOrder order)
    {
        var now = _runtime.Clock.GetUtcNow();
        lock (_gate)
        {
            string orderDate = Slug.LosAngelesDate(order.DeliveredAt ?? now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string fileName = $"HC_{Slug.Slugify(order.Name)}_{orderDate}.{export.Format}";
            bool clientApi = _options.ExportLayout == HouseCanaryExportLayout.ClientApi;
            var entries = new List<string>();
            using var zipStream = new MemoryStream();
            using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Create, leaveOpen: true))
            {
                if (clientApi)
                {
                    AddEntry(zip, entries, "Order.json", JsonSerializer.SerializeToUtf8Bytes(ToWire(order), SandboxJsonContext.Default.HcOrderWire));
                }

                foreach (var item in order.Items.Where(i => i.Pdf is not null))
                {
                    string prefix = ItemFilePrefix(order, item);
                    var itemWire = ToWire(item);
                    if (!export.ExcludeJson)
                    {
                        AddEntry(zip, entries, prefix + "_OrderItem.json", JsonSerializer.SerializeToUtf8Bytes(itemWire, SandboxJsonContext.Default.HcItemWire));
                    }

                    if (clientApi)
                    {
                        AddEntry(zip, entries, prefix + "_AgileInsights.json", JsonSerializer.SerializeToUtf8Bytes(itemWire.PropertyValue!, SandboxJsonContext.Default.HcPropertyValueWire));
                    }

                    AddEntry(zip, entries, prefix + (clientApi ? "_AgileInsights.pdf" : "_ValueReport.pdf"), item.Pdf!);
                }
            }

            export.Zip = zipStream.ToArray();
            export.Entries = entries;
            export.FileName = fileName;
            export.Token = _runtime.NextToken();
            export.Status = "complete";
            export.PercentComplete = 100;
            export.CompletedAt = now;
        }

        return Task.CompletedTask;
    }

    private static void AddEntry(ZipArchive zip, List<string> entries, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using var stream = entry.Open();
        stream.Write(content);
        entries.Add(name);
    }

    private static HcValidationErrorWire? FailedCheck(HcItem item)
    {
        if (item.Address.Contains(UndeliverableMarker, StringComparison.OrdinalIgnoreCase))
        {
            return new HcValidationErrorWire
            {
                Check = "address_deliverable",
                Message = $"Address validation failed: the address is undeliverable (sandbox rule: the address contains \"{UndeliverableMarker}\").",
            };
        }

        return string.Equals(item.Zipcode?.Trim(), UndeliverableZip, StringComparison.Ordinal)
            ? new HcValidationErrorWire
            {
                Check = "zipcode_deliverable",
                Message = $"Address validation failed: the zipcode is not a deliverable zipcode (sandbox rule: zipcode {UndeliverableZip}).",
            }
            : null;
    }

    // Django REST framework picks a renderer from the Accept header; the PDF renderer serves application/pdf only.
    private static bool AcceptsPdf(HttpRequest request)
    {
        string? accept = request.Headers.Accept;
        if (string.IsNullOrWhiteSpace(accept))
        {
            return true;
        }

        return Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParseList([accept], out var types)
            && types.Any(t => t.Quality is not 0 && (t.MediaType.Equals("application/pdf", StringComparison.OrdinalIgnoreCase)
                || t.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase) || t.MediaType.Equals("*/*", StringComparison.Ordinal)));
    }

    private string ItemFilePrefix(HcOrder order, HcItem item)
    {
        string id = !string.IsNullOrEmpty(item.CustomerItemId)
            ? item.CustomerItemId
            : Slug.Slugify(item.Address) + (string.IsNullOrEmpty(item.Unit) ? string.Empty : "-" + item.Unit);
        // One date rule, as for the order: the America/Los_Angeles date of the instant.
        string date = Slug.LosAngelesDate(item.CompletedAt ?? order.DeliveredAt ?? _runtime.Clock.GetUtcNow())
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"{id}_{date}";
    }

    private static string FullAddress(HcItem item) =>
        string.Join(", ", new[] { item.Address + (string.IsNullOrEmpty(item.Unit) ? string.Empty : " #" + item.Unit), item.City, item.State, item.Zipcode }
            .Where(p => !string.IsNullOrWhiteSpace(p)));

    // ---- callouts -----------------------------------------------------------------------------------------------

    private (string, string, byte[]) ItemStatusCallout(HcOrder order, HcItem item, IReadOnlyList<HcValidationErrorWire>? validationErrors = null)
    {
        string id = _runtime.NextMessageId();
        var wire = new HcOrderItemStatusChangeWire
        {
            MessageId = id,
            OrderId = order.Id.ToString(CultureInfo.InvariantCulture),
            CustomerOrderId = order.CustomerOrderId,
            OrderItemId = item.Id.ToString(CultureInfo.InvariantCulture),
            CustomerItemId = item.CustomerItemId,
            NewStatus = item.Status,
            ExternalIntegrationId = item.ExternalIntegrationId,
            ValidationErrors = validationErrors,
        };
        return (wire.MessageType, id, JsonSerializer.SerializeToUtf8Bytes(wire, SandboxJsonContext.Default.HcOrderItemStatusChangeWire));
    }

    private (string, string, byte[]) OrderStatusCallout(HcOrder order)
    {
        string id = _runtime.NextMessageId();
        var wire = new HcOrderStatusChangeWire
        {
            MessageId = id,
            OrderId = order.Id.ToString(CultureInfo.InvariantCulture),
            CustomerOrderId = order.CustomerOrderId,
            NewStatus = order.Status,
            ExternalIntegrationIds = order.ExternalIntegrationIds,
        };
        return (wire.MessageType, id, JsonSerializer.SerializeToUtf8Bytes(wire, SandboxJsonContext.Default.HcOrderStatusChangeWire));
    }

    private (string, string, byte[]) OrderCompleteCallout(HcOrder order, HcItem item)
    {
        string id = _runtime.NextMessageId();
        var wire = new HcOrderCompleteWire
        {
            MessageId = id,
            OrderId = order.Id.ToString(CultureInfo.InvariantCulture),
            CustomerOrderId = order.CustomerOrderId,
            OrderItemId = item.Id.ToString(CultureInfo.InvariantCulture),
            CustomerItemId = item.CustomerItemId,
            DownloadUrl = DownloadUrl(item).ToString(),
            Report = Convert.ToBase64String(item.Pdf!),
            ExternalIntegrationIds = order.ExternalIntegrationIds,
        };
        return (wire.MessageType, id, JsonSerializer.SerializeToUtf8Bytes(wire, SandboxJsonContext.Default.HcOrderCompleteWire));
    }

    private Uri DownloadUrl(HcItem item) =>
        new(_runtime.BaseAddress, $"downloads/items/{item.DownloadToken}/{Uri.EscapeDataString(item.DownloadFileName!)}");

    private async Task SendAsync(List<(string Type, string Id, byte[] Body)> callouts, CancellationToken cancellationToken)
    {
        foreach (var (type, id, body) in callouts)
        {
            await Dispatcher.DeliverAsync(_channel, id, type, body, cancellationToken);
        }
    }

    private Uri AddQueryToken(Uri url)
    {
        if (_options.CalloutAuthentication != CalloutAuthentication.QueryStringToken)
        {
            return url;
        }

        var builder = new UriBuilder(url);
        string pair = Uri.EscapeDataString(_options.CalloutTokenName!) + "=" + Uri.EscapeDataString(_options.CalloutToken!);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? pair : builder.Query.TrimStart('?') + "&" + pair;
        return builder.Uri;
    }

    private void Authenticate(HttpRequestMessage request, byte[] body)
    {
        switch (_options.CalloutAuthentication)
        {
            case CalloutAuthentication.Basic:
                request.Headers.Authorization = AuthenticationHeaderValue.Parse(new BasicCredential(_options.CalloutUserName!, _options.CalloutPassword!).ToAuthorizationHeaderValue());
                break;
            case CalloutAuthentication.HeaderToken:
                request.Headers.TryAddWithoutValidation(_options.CalloutTokenName!, _options.CalloutToken);
                break;
            case CalloutAuthentication.Signature:
                byte[] digest = Hmac.Compute(HmacAlgorithm.Sha1, Encoding.UTF8.GetBytes(_options.CalloutSignatureSecret!), body);
                request.Headers.TryAddWithoutValidation(_options.CalloutSignatureHeaderName, SignatureHeader.Format(HmacAlgorithm.Sha1, digest));
                break;
            default:
                break;
        }
    }

    // ---- wire and snapshots -------------------------------------------------------------------------------------

    private HcOrder? FindOrder(HttpContext context)
    {
        if (!long.TryParse(context.Request.RouteValues["orderId"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
        {
            return null;
        }

        lock (_gate)
        {
            return _orders.GetValueOrDefault(id);
        }
    }

    private HcOrderWire ToWire(HcOrder order, bool withItems = false) => new()
    {
        Id = order.Id,
        Name = order.Name,
        OrderType = "valueReport",
        Status = order.Status,
        CustomerOrderId = order.CustomerOrderId,
        OwnerOrganizationId = order.OwnerOrganizationId,
        OwnerId = order.OwnerId,
        CreatedDate = order.CreatedDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ActualDeliveryDate = order.DeliveredAt is { } delivered ? Iso(delivered) : null,
        ItemCount = order.Items.Count,
        Items = withItems ? [.. order.Items.Select(ToWire)] : null,
    };

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private HcItemWire ToWire(HcItem item) => new()
    {
        Id = item.Id,
        OrderId = item.OrderId,
        Address = item.Address,
        Unit = item.Unit,
        City = item.City,
        State = item.State,
        Zipcode = item.Zipcode,
        CustomerItemId = item.CustomerItemId,
        ExternalIntegrationId = item.ExternalIntegrationId,
        Status = item.Status,
        CompletionDate = item.CompletedAt is { } completed ? Iso(completed) : null,
        EstimatedValue = item.EstimatedValue,
        PropertyValue = item.EstimatedValue is { } value
            ? new HcPropertyValueWire { PriceMean = value, Fsd = 0.08m, PriceLwr = Math.Round(value * 0.92m), PriceUpr = Math.Round(value * 1.08m) }
            : null,
        AvailableDownloadables = Downloadables(item.Pdf is null ? [] : [ValueReportKey]),
    };

    private JsonElement Downloadables(string[] keys) => _options.Downloadables == HouseCanaryDownloadables.Strings
        ? JsonSerializer.SerializeToElement([.. keys], SandboxJsonContext.Default.ListString)
        : JsonSerializer.SerializeToElement([.. keys.Select(k => new HcDownloadableWire { Key = k })], SandboxJsonContext.Default.ListHcDownloadableWire);

    private HcExportWire ToWire(HcExport export) => new()
    {
        Id = export.Id,
        OrderId = export.OrderId,
        Format = export.Format,
        ExcludeJson = export.ExcludeJson,
        Status = export.Status,
        PercentComplete = export.PercentComplete,
        CheckStatusUrl = new Uri(ApiBase, $"orders/{export.OrderId}/export-requests/{export.Id}/").ToString(),
        CompletedAt = export.CompletedAt is { } completed ? Iso(completed) : null,
        ExportedData = ExportUrl(export)?.ToString(),
    };

    private Uri? ExportUrl(HcExport export) => export.Token is null
        ? null
        : new Uri(_runtime.BaseAddress, $"downloads/exports/{export.Token}/{Uri.EscapeDataString(export.FileName!)}");

    public IReadOnlyList<HouseCanaryOrderSnapshot> Orders
    {
        get
        {
            lock (_gate)
            {
                return [.. _orders.Values.OrderBy(o => o.Id).Select(o => new HouseCanaryOrderSnapshot(
                    o.Id, o.Name, "valueReport", o.Status, o.CustomerOrderId, o.OwnerOrganizationId, o.OwnerId, o.CreatedDate, LosAngelesDate(o.DeliveredAt),
                    [.. o.Items.Select(i => new HouseCanaryItemSnapshot(
                        i.Id, i.OrderId, i.Address, i.Unit, i.City, i.State, i.Zipcode, i.CustomerItemId, i.ExternalIntegrationId, i.Status, LosAngelesDate(i.CompletedAt), i.CancellationReason))]))];
            }
        }
    }

    public IReadOnlyList<HouseCanaryExportSnapshot> Exports
    {
        get
        {
            lock (_gate)
            {
                return [.. _exports.Values.OrderBy(e => e.Id).Select(e => new HouseCanaryExportSnapshot(
                    e.Id, e.OrderId, e.Format, e.ExcludeJson, e.Status, e.PercentComplete, e.FileName, ExportUrl(e), e.Entries))];
            }
        }
    }

    private static DateOnly? LosAngelesDate(DateTimeOffset? instant) => instant is { } value ? Slug.LosAngelesDate(value) : null;

    private static Task NotFound(HttpContext context) => Detail(context.Response, StatusCodes.Status404NotFound, "Not found.");

    private static Task Detail(HttpResponse response, int status, string detail) =>
        JsonResponses.WriteAsync(response, status, new HcDetailWire { Detail = detail }, SandboxJsonContext.Default.HcDetailWire);

    private static async Task WriteFileAsync(HttpResponse response, string contentType, byte[] content, string? fileName)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        if (fileName is not null)
        {
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
        }

        await response.Body.WriteAsync(content, response.HttpContext.RequestAborted);
    }
}
