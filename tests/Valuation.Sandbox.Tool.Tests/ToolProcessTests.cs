using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Valuation.Sandbox.Tool;

namespace Valuation.Sandbox.Tool.Tests;

/// <summary>The built valuation-sandbox command, run as a user runs it: exit codes, help, and flags that reach the server.</summary>
public sealed class ToolProcessTests
{
    [Fact]
    public async Task Help_prints_the_usage_with_every_flag_and_exits_0()
    {
        var run = await RunToCompletionAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(SandboxCommandLine.Usage + Environment.NewLine, run.Output);
        Assert.All(SandboxCommandLine.Flags, flag => Assert.Contains(flag.Name, run.Output, StringComparison.Ordinal));
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task An_unknown_flag_exits_2_naming_it_without_starting()
    {
        var run = await RunToCompletionAsync("--port", "0", "--colour", "blue");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Equal("error: Unknown option --colour. Run valuation-sandbox --help for the options." + Environment.NewLine, run.Error);
    }

    [Fact]
    public async Task A_scheme_without_its_credentials_exits_2_naming_the_missing_setting()
    {
        var run = await RunToCompletionAsync("--callout-url", "http://127.0.0.1:9/callouts", "--callout-auth", "basic");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("CalloutUserName", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_flags_reach_the_running_sandbox()
    {
        using var process = Start("--hc-token", "flag-token", "--aw-client-id", "777", "--callout-url", "http://127.0.0.1:9/c?token=hidden", "--callout-auth", "header-token", "--callout-token-name", "X-Token", "--callout-token", "tk");
        try
        {
            var banner = new StringBuilder();
            Uri? root = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (!timeout.IsCancellationRequested)
            {
                string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    break;
                }

                banner.AppendLine(line);
                const string Prefix = "Valuation.Sandbox listening on ";
                if (line.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    root = new Uri(line[Prefix.Length..]);
                }

                if (line.StartsWith("These credentials", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.NotNull(root);
            string text = banner.ToString();
            Assert.Contains("ApiToken=flag-token ", text, StringComparison.Ordinal);
            Assert.Contains("ClientId=777 ", text, StringComparison.Ordinal);
            Assert.Contains("callouts -> http://127.0.0.1:9/c (header-token)", text, StringComparison.Ordinal);
            Assert.DoesNotContain("hidden", text, StringComparison.Ordinal);

            // The flag's token is the one the API accepts now; the well-known default is refused.
            using var http = new HttpClient { BaseAddress = new Uri(root, "partner-api/v1/") };
            Assert.Equal(HttpStatusCode.NotFound, await GetOrderAsync(http, "flag-token"));
            Assert.Equal(HttpStatusCode.Unauthorized, await GetOrderAsync(http, HouseCanarySandboxOptions.DefaultApiToken));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<HttpStatusCode> GetOrderAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "orders/987654/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Valuation.Sandbox.Tool.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static async Task<Run> RunToCompletionAsync(params string[] args)
    {
        using var process = Start(args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Run(process.ExitCode, await output, await error);
    }
}
