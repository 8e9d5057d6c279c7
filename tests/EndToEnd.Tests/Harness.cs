using System.Text.Json.Nodes;
using Arrowbase.AppraisalWorks;
using HouseCanary.OrderManager;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Valuation.Sandbox;
using WebhookReceiver;

namespace EndToEnd.Tests;

/// <summary>The WebhookReceiver sample running in-process on 127.0.0.1:0.</summary>
public sealed class RunningReceiver : IAsyncDisposable
{
    private RunningReceiver(WebApplication app, Uri url, string documents)
    {
        App = app;
        Url = url;
        DocumentsPath = documents;
    }

    public WebApplication App { get; }

    public Uri Url { get; }

    public string DocumentsPath { get; }

    public Uri CalloutUrl => new(Url, ReceiverApp.CalloutPath);

    public Uri PostbackUrl => new(Url, ReceiverApp.PostbackPath);

    public static async Task<RunningReceiver> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        string documents = Path.Combine(Path.GetTempPath(), "e2e-received-" + Guid.NewGuid().ToString("N"));
        var app = ReceiverApp.Build([], builder =>
        {
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Receiver:DocumentsPath"] = documents });
        }, services);
        await app.StartAsync();
        return new RunningReceiver(app, new Uri(app.Urls.First()), documents);
    }

    public async Task<JsonArray> ReceivedAsync()
    {
        using var http = new HttpClient();
        return JsonNode.Parse(await http.GetStringAsync(new Uri(Url, "/received")))!.AsArray();
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (Directory.Exists(DocumentsPath))
        {
            Directory.Delete(DocumentsPath, recursive: true);
        }
    }
}

/// <summary>The SDK clients, configured through their DI registrations, pointed at a sandbox.</summary>
public static class SandboxClients
{
    public static ServiceProvider Create(ValuationSandbox sandbox)
    {
        var services = new ServiceCollection();
        services.AddHouseCanaryOrderManager(o =>
        {
            o.BaseAddress = sandbox.HouseCanaryBaseAddress;
            o.ApiToken = sandbox.Credentials.HouseCanary.ApiToken;
            o.OwnerOrganizationId = sandbox.Credentials.HouseCanary.OwnerOrganizationId;
            o.OwnerId = sandbox.Credentials.HouseCanary.OwnerId;
        });
        services.AddAppraisalWorks(o =>
        {
            o.BaseAddress = sandbox.AppraisalWorksBaseAddress;
            o.ClientId = sandbox.Credentials.AppraisalWorks.ClientId;
            o.PublicKey = sandbox.Credentials.AppraisalWorks.PublicKey;
            o.PrivateKey = sandbox.Credentials.AppraisalWorks.PrivateKey;
        });
        return services.BuildServiceProvider();
    }

    public static Dictionary<string, string?> AppraisalWorksSettings(ValuationSandbox sandbox) => new()
    {
        ["AppraisalWorks:BaseAddress"] = sandbox.AppraisalWorksBaseAddress.ToString(),
        ["AppraisalWorks:ClientId"] = sandbox.Credentials.AppraisalWorks.ClientId,
        ["AppraisalWorks:PublicKey"] = sandbox.Credentials.AppraisalWorks.PublicKey,
        ["AppraisalWorks:PrivateKey"] = sandbox.Credentials.AppraisalWorks.PrivateKey,
    };
}
