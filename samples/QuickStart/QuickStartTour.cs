using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Appendices;
using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Callouts;
using HouseCanary.OrderManager.Exports;
using HouseCanary.OrderManager.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Valuation.Sandbox;
using Valuation.Webhooks;

namespace QuickStart;

/// <summary>
/// The quick start: places a HouseCanary order for two addresses and an AppraisalWorks order (plus a comment and a
/// document), follows them (through verified callouts and postbacks on a local receiver with the sandbox, by polling
/// on real servers) and downloads the reports under their documented names.
/// </summary>
public sealed class QuickStartTour
{
    private string _step = "starting";

    /// <summary>Runs the tour.</summary>
    /// <param name="settings">Where to write, which servers.</param>
    /// <param name="output">The account of each step.</param>
    /// <param name="error">Where the one failure line goes (default: <paramref name="output"/>).</param>
    /// <param name="cancellationToken">Stops the tour.</param>
    /// <returns>0 on success; 1 when a step failed (one clear line, no stack trace); 130 when cancelled.</returns>
    public async Task<int> RunAsync(QuickStartSettings settings, TextWriter output, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        // Thread-safe (the receiver's handlers write too); on a terminal it keeps the progress line apart from the rest.
        var writer = new StatusLineWriter(output, settings.InteractiveProgress ? StatusLineWriter.ConsoleWidth : null);
        try
        {
            Directory.CreateDirectory(settings.OutputDirectory);
            if (settings.UseSandbox)
            {
                await RunOnSandboxAsync(settings, writer, cancellationToken);
            }
            else
            {
                await RunOnServersAsync(settings, writer, cancellationToken);
            }

            writer.WriteLine($"Done. Files are in {settings.OutputDirectory}");
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.ClearStatus();
            (error ?? writer).WriteLine($"error: cancelled while {_step}.");
            return 130;
        }
        catch (Exception ex)
        {
            writer.ClearStatus();
            (error ?? writer).WriteLine($"error: {_step} failed: {Describe(ex)}");
            return 1;
        }
    }

    /// <summary>One line that says what went wrong, without secrets or a stack trace.</summary>
    /// <param name="ex">The failure.</param>
    /// <returns>The line.</returns>
    public static string Describe(Exception ex) => ex switch
    {
        OrderManagerException { StatusCode: HttpStatusCode.Unauthorized } => "HouseCanary rejected the API token (401). Check HouseCanary:ApiToken.",
        OrderManagerException { StatusCode: HttpStatusCode.Forbidden } => "HouseCanary refused the owner ids (403). Check HouseCanary:OwnerOrganizationId and HouseCanary:OwnerId.",
        OrderManagerException e => e.Message,
        AppraisalWorksValidationException e => e.Message,
        AppraisalWorksException { StatusCode: HttpStatusCode.Unauthorized } =>
            "AppraisalWorks rejected the request signature (401). Check AppraisalWorks:PublicKey, AppraisalWorks:PrivateKey and this machine's clock.",
        AppraisalWorksException e => e.Message,
        OptionsValidationException e => "the configuration is incomplete: " + e.Message,
        HttpRequestException e => "the server could not be reached: " + e.Message,
        TimeoutException e => e.Message,
        OperationCanceledException => "a request timed out.",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private async Task RunOnSandboxAsync(QuickStartSettings settings, TextWriter output, CancellationToken ct)
    {
        output.WriteLine("Valuation.Clients quick start: no HouseCanary or AppraisalWorks settings, so both APIs are toured against the embedded sandbox.");
        _step = "starting the sandbox";
        string calloutSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        string postbackToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await using var sandbox = await ValuationSandbox.StartAsync(
            new SandboxOptions
            {
                StepInterval = settings.SandboxStepInterval,
                HouseCanary = { CalloutAuthentication = CalloutAuthentication.Signature, CalloutSignatureSecret = calloutSecret },
            },
            ct);
        output.WriteLine($"Sandbox: HouseCanary at {sandbox.HouseCanaryBaseAddress}, AppraisalWorks at {sandbox.AppraisalWorksBaseAddress}");

        _step = "starting the local receiver";
        var files = new AppraisalWorksFiles(Path.Combine(settings.OutputDirectory, "AppraisalWorks"), output, settings.InteractiveProgress);
        var events = new TourEvents(output, files);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "QuickStart", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(events);
        builder.Services.AddHouseCanaryOrderManager(sandbox);
        builder.Services.AddHouseCanaryCallouts<TourCalloutHandler>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.Signature;
            o.Secrets.Add(calloutSecret);
        });
        builder.Services.AddAppraisalWorks(sandbox);
        builder.Services.AddAppraisalWorksPostbacks<TourPostbackHandler>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.QueryToken;
            o.Tokens.Add(postbackToken);
        });

        await using var app = builder.Build();
        LocalReceiver.Map(app);
        await app.StartAsync(ct);
        try
        {
            var receiver = new Uri(app.Urls.First());
            sandbox.SetCalloutUrl(new Uri(receiver, LocalReceiver.CalloutPath));
            sandbox.SetPostbackUrl(new Uri(receiver, LocalReceiver.PostbackPath + "?token=" + postbackToken));
            output.WriteLine($"Local receiver at {receiver}: callouts verified by HMAC-SHA1 signature, postbacks by a token (both random per run)");

            var houseCanary = app.Services.GetRequiredService<IOrderManagerClient>();
            var naming = app.Services.GetRequiredService<ExportNaming>();
            await TourHouseCanaryAsync(houseCanary, naming, settings, output, (id, c) => WaitForCalloutsAsync(events, id, settings.EffectiveMaxWait, c), ct);

            var appraisalWorks = app.Services.GetRequiredService<IAppraisalWorksClient>();
            await TourAppraisalWorksAsync(appraisalWorks, output, (uid, c) => WaitForPostbacksAsync(events, uid, settings.EffectiveMaxWait, c), ct);
            output.WriteLine($"Receiver: {events.CalloutCount} callouts and {events.PostbackCount} postbacks verified and processed; {files.Saved.Count} AppraisalWorks documents saved.");
        }
        finally
        {
            sandbox.SetCalloutUrl(null);
            sandbox.SetPostbackUrl(null);
            await app.StopAsync(CancellationToken.None);
        }
    }

    private async Task RunOnServersAsync(QuickStartSettings settings, TextWriter output, CancellationToken ct)
    {
        output.WriteLine("Valuation.Clients quick start against the configured server(s).");
        var services = new ServiceCollection();
        if (settings.HouseCanary is { } hc)
        {
            services.AddHouseCanaryOrderManager(hc);
        }

        if (settings.AppraisalWorks is { } aw)
        {
            services.AddAppraisalWorks(aw);
        }

        await using var provider = services.BuildServiceProvider();
        if (settings.HouseCanary is not null)
        {
            _step = "reading the HouseCanary settings";
            var options = provider.GetRequiredService<IOptions<OrderManagerOptions>>().Value;
            output.WriteLine($"HouseCanary at {options.GetNormalizedBaseAddress()}");
            await TourHouseCanaryAsync(
                provider.GetRequiredService<IOrderManagerClient>(),
                provider.GetRequiredService<ExportNaming>(),
                settings,
                output,
                (id, c) => PollOrderAsync(provider.GetRequiredService<IOrderManagerClient>(), id, settings, output, c),
                ct);
        }
        else
        {
            output.WriteLine("HouseCanary: not configured (no HouseCanary:* setting), skipped.");
        }

        if (settings.AppraisalWorks is not null)
        {
            _step = "reading the AppraisalWorks settings";
            var options = provider.GetRequiredService<IOptions<AppraisalWorksOptions>>().Value;
            output.WriteLine($"AppraisalWorks at {options.BaseAddress}");
            var client = provider.GetRequiredService<IAppraisalWorksClient>();
            var files = new AppraisalWorksFiles(Path.Combine(settings.OutputDirectory, "AppraisalWorks"), output, settings.InteractiveProgress);
            await TourAppraisalWorksAsync(client, output, (uid, c) => PollCompletedAsync(client, files, uid, settings, output, c), ct);
        }
        else
        {
            output.WriteLine("AppraisalWorks: not configured (no AppraisalWorks:* setting), skipped.");
        }
    }

    private async Task TourHouseCanaryAsync(
        IOrderManagerClient client,
        ExportNaming naming,
        QuickStartSettings settings,
        TextWriter output,
        Func<HouseCanaryId, CancellationToken, Task<string>> waitForOrder,
        CancellationToken ct)
    {
        output.WriteLine();
        output.WriteLine("HouseCanary Order Manager");
        _step = "placing the HouseCanary order";
        var order = await client.CreateOrderAsync(TourOrders.HouseCanary(RunId()), ct);
        output.WriteLine($"  order {order.Id} '{order.Name}' created for 2 addresses (status {order.Status})");

        _step = $"following HouseCanary order {order.Id}";
        string status = await waitForOrder(order.Id, ct);
        if (status != OrderStatus.Complete)
        {
            throw new InvalidOperationException($"HouseCanary order {order.Id} ended {status}, so there is no report to download.");
        }

        _step = $"downloading the HouseCanary reports of order {order.Id}";
        order = await client.GetOrderAsync(order.Id, ct);
        var items = new List<OrderItem>();
        await foreach (var item in client.GetOrderItemsAsync(order.Id, cancellationToken: ct))
        {
            items.Add(item);
        }

        string directory = Path.Combine(settings.OutputDirectory, "HouseCanary");
        Directory.CreateDirectory(directory);
        foreach (var item in items.Where(i => i.Status == OrderItemStatus.Complete))
        {
            string path = Path.Combine(directory, naming.OrderItemFilePrefix(item, order) + "_ValueReport.pdf");
            var progress = new DownloadProgress(output, Path.GetFileName(path), settings.InteractiveProgress);
            await using (var file = File.Create(path))
            {
                // The key comes from the item's available_downloadables, as HouseCanary lists them.
                await client.DownloadItemPdfAsync(order.Id, item, file, progress, ct);
            }

            progress.Complete(path);
        }

        _step = $"exporting HouseCanary order {order.Id}";
        var export = await client.CreateExportAsync(order.Id, ExportFormats.Zip, excludeJson: false, ct);
        export = await client.WaitForExportAsync(order.Id, export.Id, settings.UseSandbox ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(5), settings.EffectiveMaxWait, ct);

        string zipPath = Path.Combine(directory, naming.OrderDownloadName(order, ExportFormats.Zip));
        var zipProgress = new DownloadProgress(output, Path.GetFileName(zipPath), settings.InteractiveProgress);
        await using (var zip = File.Create(zipPath))
        {
            await client.DownloadExportAsync(export.ExportedData!, zip, zipProgress, ct);
        }

        zipProgress.Complete(zipPath);
        using (var archive = ExportArchive.Open(zipPath))
        {
            foreach (var files in archive.Items)
            {
                output.WriteLine($"    {files.Prefix}: {(files.Pdf is null ? "no PDF" : files.ReportType + " PDF")}{(files.OrderItemJson is null ? string.Empty : " + OrderItem.json")}");
            }

            output.WriteLine($"  the export holds {archive.Items.Count} items{(archive.OrderJson is null ? string.Empty : " and Order.json")}");
        }
    }

    private async Task TourAppraisalWorksAsync(
        IAppraisalWorksClient client,
        TextWriter output,
        Func<string, CancellationToken, Task> waitForCompletion,
        CancellationToken ct)
    {
        output.WriteLine();
        output.WriteLine("Arrowbase AppraisalWorks");
        string uid = "QS-" + RunId();
        _step = "placing the AppraisalWorks order";
        var response = await client.CreateOrderAsync(TourOrders.AppraisalWorks(uid), ct);
        output.WriteLine($"  order {response.OrderNumber} created for transaction {uid}");

        _step = $"adding a comment to AppraisalWorks order {uid}";
        await client.AddCommentAsync(uid, "Quick start: please call the borrower before the visit.", ct);
        output.WriteLine($"  comment added (POST /Orders/{uid}/Comments)");

        _step = $"adding a document to AppraisalWorks order {uid}";
        byte[] document = TourOrders.SupportDocument();
        using (var stream = new MemoryStream(document))
        {
            await client.AddDocumentAsync(uid, DocumentTypes.ClientAppraisalSupportDocument, "quickstart-support.pdf", "Appraisal Support Document", stream, ct);
        }

        output.WriteLine($"  document added (POST /Orders/{uid}/Documents, {document.Length} bytes streamed as base64)");

        _step = $"following AppraisalWorks order {uid}";
        await waitForCompletion(uid, ct);
    }

    private static async Task<string> WaitForCalloutsAsync(TourEvents events, HouseCanaryId orderId, TimeSpan maxWait, CancellationToken ct)
    {
        try
        {
            return await events.OrderFinishedAsync(orderId.Value).WaitAsync(maxWait, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no final callout for HouseCanary order {orderId} within {maxWait.TotalSeconds:0} s.");
        }
    }

    private static async Task WaitForPostbacksAsync(TourEvents events, string uid, TimeSpan maxWait, CancellationToken ct)
    {
        try
        {
            await events.PostbackProcessedAsync(uid, PostbackEventNames.Completed).WaitAsync(maxWait, ct);

            // The sandbox sends one supplemental document after the completed report.
            await events.PostbackProcessedAsync(uid, PostbackEventNames.Documents).WaitAsync(maxWait, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the AppraisalWorks postbacks of {uid} did not all arrive within {maxWait.TotalSeconds:0} s.");
        }
    }

    private static async Task<string> PollOrderAsync(IOrderManagerClient client, HouseCanaryId orderId, QuickStartSettings settings, TextWriter output, CancellationToken ct)
    {
        output.WriteLine($"  HouseCanary sends callouts to the URL registered with it, not to this program: polling GET orders/{orderId}/ every {settings.PollInterval.TotalSeconds:0} s for up to {settings.EffectiveMaxWait.TotalMinutes:0.#} min.");
        var deadline = DateTimeOffset.UtcNow + settings.EffectiveMaxWait;
        while (true)
        {
            var order = await client.GetOrderAsync(orderId, ct);
            if (order.Status is OrderStatus.Complete or OrderStatus.Cancelled)
            {
                output.WriteLine($"  order {orderId} is {order.Status}");
                return order.Status;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"HouseCanary order {orderId} was still '{order.Status}' after {settings.EffectiveMaxWait.TotalMinutes:0.#} min; it goes on at HouseCanary (follow it with GET orders/{orderId}/ or run the tour again with a longer QuickStart:MaxWaitSeconds).");
            }

            output.WriteLine($"    order {orderId}: {order.Status}");
            await Task.Delay(settings.PollInterval, ct);
        }
    }

    private static async Task PollCompletedAsync(IAppraisalWorksClient client, AppraisalWorksFiles files, string uid, QuickStartSettings settings, TextWriter output, CancellationToken ct)
    {
        output.WriteLine($"  AppraisalWorks posts its events to the URL registered with it, not to this program: polling GET /Orders/{uid}/Completed every {settings.PollInterval.TotalSeconds:0} s for up to {settings.EffectiveMaxWait.TotalMinutes:0.#} min.");
        var deadline = DateTimeOffset.UtcNow + settings.EffectiveMaxWait;
        while (true)
        {
            var pending = new List<AppraisalWorksFiles.Pending>();
            try
            {
                var report = await client.GetCompletedAsync(
                    uid,
                    (info, _) =>
                    {
                        var file = files.Open(uid, info);
                        pending.Add(file);
                        return ValueTask.FromResult(file.Stream);
                    },
                    cancellationToken: ct);
                foreach (var file in pending)
                {
                    await file.Stream.DisposeAsync();
                    file.Complete();
                }

                output.WriteLine($"  completed: value {report.ValuationResults?.Value?.ToString("#,0", CultureInfo.InvariantCulture)}, {report.EmbeddedFile?.Count ?? 0} documents");
                return;
            }
            catch (AppraisalWorksException e) when (e.StatusCode == HttpStatusCode.BadRequest)
            {
                foreach (var file in pending)
                {
                    await file.Stream.DisposeAsync();
                    File.Delete(file.Path);
                }

                if (DateTimeOffset.UtcNow >= deadline)
                {
                    throw new TimeoutException($"AppraisalWorks order {uid} was not completed after {settings.EffectiveMaxWait.TotalMinutes:0.#} min ({e.Description}); it goes on at AppraisalWorks.");
                }

                output.WriteLine($"    {uid}: not completed yet");
                await Task.Delay(settings.PollInterval, ct);
            }
        }
    }

    private static string RunId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
}
