using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Valuation.Webhooks.Redis.Tests;

/// <summary>
/// Finds a real Redis for the tests: the one named by <c>VALUATION_REDIS</c> (CI starts it in .ci/services.sh), or
/// else a private <c>redis-server</c> this fixture starts on a free 127.0.0.1 port when the binary is installed.
/// Without either, tests that need Redis are skipped, except under <c>CI=true</c>, where they fail.
/// Also compiled into tests/Reliability.Tests (linked), for its cross-machine de-duplication test.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private Process? _server;
    private string? _workDirectory;

    /// <summary>Gets the endpoint (host:port), or null when no Redis is available.</summary>
    public string? Endpoint { get; private set; }

    /// <summary>Gets why no Redis is available.</summary>
    public string UnavailableReason { get; private set; } = string.Empty;

    /// <summary>Gets a connection shared by the tests that need one (tests that race open their own).</summary>
    public IConnectionMultiplexer? Connection { get; private set; }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async Task InitializeAsync()
    {
        string? configured = Environment.GetEnvironmentVariable("VALUATION_REDIS");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Endpoint = configured.Trim();
        }
        else if (FindOnPath("redis-server") is { } binary)
        {
            Endpoint = await StartPrivateServerAsync(binary);
        }
        else
        {
            UnavailableReason = "VALUATION_REDIS is not set and redis-server is not installed (apt-get install redis-server, or run .ci/run).";
            return;
        }

        if (Endpoint is not null)
        {
            try
            {
                Connection = await ConnectionMultiplexer.ConnectAsync(Endpoint + ",connectTimeout=5000");
            }
            catch (RedisConnectionException exception)
            {
                UnavailableReason = $"Redis at {Endpoint} did not answer: {exception.Message}";
                Endpoint = null;
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (_server is not null)
        {
            if (!_server.HasExited)
            {
                _server.Kill();
                await _server.WaitForExitAsync();
            }

            _server.Dispose();
        }

        if (_workDirectory is not null)
        {
            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }

    /// <summary>Skips the calling test when no Redis is available, or fails it under CI.</summary>
    public void RequireRedis()
    {
        if (Endpoint is not null)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail("CI=true requires a Redis for these tests: " + UnavailableReason);
        }

        Skip.If(true, UnavailableReason);
    }

    /// <summary>Opens a separate connection, as another receiver instance on another machine would.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(Endpoint!);

    private async Task<string?> StartPrivateServerAsync(string binary)
    {
        _workDirectory = Directory.CreateTempSubdirectory("valuation-redis-tests-").FullName;
        int port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _workDirectory,
        };
        foreach (string argument in new[] { "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", _workDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start)!;
        _server.OutputDataReceived += static (_, _) => { };
        _server.ErrorDataReceived += static (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (_server.HasExited)
            {
                UnavailableReason = $"redis-server exited with code {_server.ExitCode} on port {port}.";
                return null;
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return $"127.0.0.1:{port}";
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        UnavailableReason = $"redis-server did not listen on port {port} within 5 seconds.";
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>Shares one Redis among the test classes.</summary>
[CollectionDefinition(Name)]
public sealed class RedisTestGroup : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "Redis";
}
