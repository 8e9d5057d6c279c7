using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using Microsoft.Extensions.DependencyInjection;
using QuickStart;
using StackExchange.Redis;
using Valuation.Sandbox;
using Valuation.Sandbox.Faults;
using Valuation.Webhooks.Redis.Tests;
using Xunit.Abstractions;

namespace Reliability.Tests;

/// <summary>
/// The receiver sample in inbox mode on Redis, as a real child process, killed with SIGKILL while its worker is in
/// the middle of a postback (the signed GET of the event's details hangs): nothing is lost, and the next instance
/// processes the message exactly once after the dead worker's lease has passed.
/// </summary>
[Collection(RedisTestGroup.Name)]
[Trait("Category", "Crash")]
public sealed class InboxCrashTests(RedisServerFixture redis, ITestOutputHelper output)
{
    private const int Database = 9;

    [SkippableFact]
    public async Task A_receiver_killed_mid_processing_loses_nothing_and_the_next_instance_processes_the_postback_exactly_once()
    {
        redis.RequireRedis();
        // A database of its own, emptied of an earlier run's inbox and claims.
        await foreach (var key in redis.Connection!.GetServer(redis.Endpoint!).KeysAsync(Database, "valuation:*"))
        {
            await redis.Connection.GetDatabase(Database).KeyDeleteAsync(key);
        }

        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { ManualClock = true });
        var hang = new FaultRule { Api = SandboxApi.AppraisalWorks, Method = "GET", PathPattern = "/RapiV1/Orders/CRASH-1/Hold", Kind = FaultKind.Delay, Delay = TimeSpan.FromSeconds(30), Times = 1 };
        sandbox.Faults.Add(hang);
        string documents = Directory.CreateTempSubdirectory("crash-receiver-").FullName;

        var first = Receiver.Start(sandbox, redis.Endpoint!, documents, output);
        try
        {
            await first.WaitUntilReadyAsync();
            sandbox.SetPostbackUrl(first.PostbackUrl);
            await using var clients = Clients(sandbox);
            var aw = clients.GetRequiredService<IAppraisalWorksClient>();
            await aw.CreateOrderAsync(TourOrders.AppraisalWorks("CRASH-1"));
            await aw.PlaceOnHoldAsync("CRASH-1", "Waiting for the borrower");
            await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));

            // The postback was accepted (stored, answered 200) and the worker is inside the hanging fetch: kill it.
            var hold = Assert.Single(sandbox.AppraisalWorks.PostbackAttempts, p => p.MessageType == PostbackEventNames.Hold);
            Assert.Equal(200, hold.StatusCode);
            await Eventually(() => hang.Hits >= 1, "the worker never fetched the Hold details");
            first.Kill();
        }
        finally
        {
            first.Dispose();
        }

        // The message is still in the inbox, leased to the dead worker.
        var stream = $"valuation:inbox:{{{PostbackProcessor.ReceiverName}}}:stream";
        var db = redis.Connection.GetDatabase(Database);
        Assert.Equal(1, await db.StreamLengthAsync(stream));
        Assert.Equal(1, (await db.StreamPendingAsync(stream, "workers")).PendingMessageCount);

        using var second = Receiver.Start(sandbox, redis.Endpoint!, documents, output);
        await second.WaitUntilReadyAsync();
        JsonArray received = [];
        await Eventually(async () => (received = await second.ReceivedAsync()).Any(e => (string?)e!["type"] == PostbackEventNames.Hold), "the second instance never processed the Hold postback");

        // Let a few more leases pass: the message must not come back.
        await Task.Delay(TimeSpan.FromSeconds(5));
        received = await second.ReceivedAsync();
        var holds = received.Where(e => (string?)e!["type"] == PostbackEventNames.Hold).ToList();
        Assert.Single(holds);
        Assert.Equal("Waiting for the borrower", (string?)holds[0]!["details"]!["reason"]);
        Assert.Equal(0, await db.StreamLengthAsync(stream));
        Assert.Equal(0, (await db.StreamPendingAsync(stream, "workers")).PendingMessageCount);
        Assert.Equal(0, await db.SortedSetLengthAsync($"valuation:inbox:{{{PostbackProcessor.ReceiverName}}}:dead-index"));
        Directory.Delete(documents, recursive: true);
    }

    private static ServiceProvider Clients(ValuationSandbox sandbox)
    {
        var services = new ServiceCollection();
        services.AddAppraisalWorks(o =>
        {
            o.BaseAddress = sandbox.AppraisalWorksBaseAddress;
            o.ClientId = sandbox.Credentials.AppraisalWorks.ClientId;
            o.PublicKey = sandbox.Credentials.AppraisalWorks.PublicKey;
            o.PrivateKey = sandbox.Credentials.AppraisalWorks.PrivateKey;
        });
        return services.BuildServiceProvider();
    }

    private static async Task Eventually(Func<bool> condition, string failure) => await Eventually(() => Task.FromResult(condition()), failure);

    private static async Task Eventually(Func<Task<bool>> condition, string failure)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(45))
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail(failure);
    }

    /// <summary>The WebhookReceiver sample as a child process on a free 127.0.0.1 port.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly Process _process;

        private Receiver(Process process, Uri url)
        {
            _process = process;
            Url = url;
        }

        public Uri Url { get; }

        public Uri PostbackUrl => new(Url, "/postbacks/appraisalworks");

        public static Receiver Start(ValuationSandbox sandbox, string redis, string documents, ITestOutputHelper output)
        {
            int port = FreePort();
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WebhookReceiver.dll"));
            foreach (string argument in new[]
            {
                "--urls", $"http://127.0.0.1:{port}",
                $"AppraisalWorks:BaseAddress={sandbox.AppraisalWorksBaseAddress}",
                $"AppraisalWorks:ClientId={sandbox.Credentials.AppraisalWorks.ClientId}",
                $"AppraisalWorks:PublicKey={sandbox.Credentials.AppraisalWorks.PublicKey}",
                $"AppraisalWorks:PrivateKey={sandbox.Credentials.AppraisalWorks.PrivateKey}",
                "AppraisalWorks:Postbacks:ClaimLease=00:00:02",
                "Receiver:Inbox=redis",
                $"Receiver:Redis={redis},defaultDatabase={Database}",
                "Receiver:Worker:Lease=00:00:02",
                "Receiver:Worker:PollInterval=00:00:00.200",
                $"Receiver:DocumentsPath={documents}",
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, e) => Log(output, e.Data);
            process.ErrorDataReceived += (_, e) => Log(output, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new Receiver(process, new Uri($"http://127.0.0.1:{port}/"));
        }

        public async Task WaitUntilReadyAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Eventually(async () =>
            {
                Assert.False(_process.HasExited, "the receiver exited with code " + (_process.HasExited ? _process.ExitCode : 0));
                try
                {
                    using var response = await http.GetAsync(new Uri(Url, "/received"));
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the receiver did not start");
        }

        public async Task<JsonArray> ReceivedAsync()
        {
            using var http = new HttpClient();
            return JsonNode.Parse(await http.GetStringAsync(new Uri(Url, "/received")))!.AsArray();
        }

        /// <summary>SIGKILL: no shutdown, no finally blocks, no disposal in the child.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
        }

        private static void Log(ITestOutputHelper output, string? line)
        {
            if (line is null)
            {
                return;
            }

            try
            {
                output.WriteLine("receiver: " + line);
            }
            catch (InvalidOperationException)
            {
                // The test has ended.
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
