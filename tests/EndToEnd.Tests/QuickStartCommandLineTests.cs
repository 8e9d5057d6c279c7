using System.Diagnostics;
using QuickStart;

namespace EndToEnd.Tests;

public sealed class QuickStartCommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    [InlineData("--out", "x", "--help")]
    public void Help_is_asked_for_anywhere_on_the_line(params string[] args) =>
        Assert.True(QuickStartCommandLine.WantsHelp(args));

    [Theory]
    [InlineData]
    [InlineData("--out", "dir")]
    [InlineData("--out=dir")]
    [InlineData("/out", "dir")]
    [InlineData("out=dir")]
    [InlineData("HouseCanary:ApiToken=t", "HouseCanary:BaseAddress=http://127.0.0.1:1/")]
    [InlineData("--AppraisalWorks:ClientId", "4564")]
    [InlineData("appraisalworks:publickey=k")]
    [InlineData("QuickStart:MaxWaitSeconds=30", "QuickStart:PollSeconds=5")]
    public void The_documented_arguments_are_accepted(params string[] args)
    {
        Assert.False(QuickStartCommandLine.WantsHelp(args));
        Assert.Null(QuickStartCommandLine.FindError(args));
    }

    [Theory]
    [InlineData("unknown option '--bogus'.", "--bogus")]
    [InlineData("unknown option '--bogus'.", "--out", "dir", "--bogus", "value")]
    [InlineData("unknown option '-x'.", "-x")]
    [InlineData("unknown argument 'stray'.", "stray")]
    [InlineData("unknown setting 'HouseCanary__ApiToken'.", "HouseCanary__ApiToken=t")]
    [InlineData("unknown setting 'HouseCanary:'.", "HouseCanary:=t")]
    [InlineData("unknown setting 'QuickStart:MaxWait'.", "QuickStart:MaxWait=30")]
    [InlineData("unknown option '--colour'.", "--colour=never")]
    [InlineData("'--out' needs a value.", "--out")]
    public void Anything_else_is_an_error_that_names_it(string expected, params string[] args) =>
        Assert.Equal(expected, QuickStartCommandLine.FindError(args));

    [Fact]
    public void An_unknown_setting_is_named_without_its_value()
    {
        string? error = QuickStartCommandLine.FindError(["HouseCanary__ApiToken=do-not-print-me"]);

        Assert.NotNull(error);
        Assert.DoesNotContain("do-not-print-me", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_program_prints_the_usage_for_help_and_exits_0_without_touring()
    {
        var run = await RunQuickStartAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(QuickStartCommandLine.Usage, run.Output);
        Assert.Equal("", run.Error);
        Assert.False(run.WroteOutFolder);
    }

    [Fact]
    public async Task The_program_rejects_an_unknown_argument_with_one_line_naming_it_and_exit_code_2()
    {
        var run = await RunQuickStartAsync("--bogus");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Equal("error: unknown option '--bogus'. Run with --help to see the options." + Environment.NewLine, run.Error);
        Assert.False(run.WroteOutFolder);
    }

    private sealed record Run(int ExitCode, string Output, string Error, bool WroteOutFolder);

    /// <summary>Runs the built QuickStart (copied beside the tests) as a user would, in an empty folder.</summary>
    private static async Task<Run> RunQuickStartAsync(params string[] args)
    {
        string folder = Path.Combine(Path.GetTempPath(), "e2e-qs-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QuickStart.dll"));
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
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

            return new Run(process.ExitCode, await output, await error, Directory.Exists(Path.Combine(folder, "out")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
