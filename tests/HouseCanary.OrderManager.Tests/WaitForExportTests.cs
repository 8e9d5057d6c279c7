using System.Net;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using static HouseCanary.OrderManager.Tests.TestSupport;

namespace HouseCanary.OrderManager.Tests;

public class WaitForExportTests
{
    private static MockHttpMessageHandler Answering(Func<int, string> json, Action? onPoll = null)
    {
        var mock = new MockHttpMessageHandler();
        int polls = 0;
        mock.When(HttpMethod.Get, Base + "orders/1/export-requests/2/").Respond(_ =>
        {
            onPoll?.Invoke();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json(++polls)) };
        });
        return mock;
    }

    private static async Task<T> Drive<T>(Task<T> pending, FakeTimeProvider time, TimeSpan step)
    {
        for (int i = 0; i < 2000 && !pending.IsCompleted; i++)
        {
            await Task.Delay(1);
            time.Advance(step);
        }

        // Bounded, so that a wait that never ends fails the test instead of hanging it.
        return await pending.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("FAILED")]
    [InlineData("error")]
    [InlineData("cancelled")]
    [InlineData("canceled")]
    [InlineData("expired")]
    [InlineData("timed out")]
    public async Task A_status_that_ends_the_export_without_a_file_ends_the_wait_at_once(string status)
    {
        int polls = 0;
        var mock = Answering(_ => $$"""{"id":2,"status":"{{status}}"}""", () => polls++);

        var ex = await Assert.ThrowsAsync<ExportWaitException>(() => Client(mock, time: new FakeTimeProvider()).WaitForExportAsync(1, 2).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(1, polls);
        Assert.False(ex.TimedOut);
        Assert.Equal(status, ex.Export!.Status);
        Assert.Contains(status, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_without_exported_data_ends_the_wait_with_a_clear_error()
    {
        var mock = Answering(_ => """{"id":2,"status":"complete","exported_data":null}""");
        var ex = await Assert.ThrowsAsync<ExportWaitException>(() => Client(mock, time: new FakeTimeProvider()).WaitForExportAsync(1, 2).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("exported_data", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completed_is_read_as_complete()
    {
        var mock = Answering(_ => """{"id":2,"status":"completed","exported_data":"https://s3.test/x.zip"}""");
        var export = await Client(mock, time: new FakeTimeProvider()).WaitForExportAsync(1, 2).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("https://s3.test/x.zip", export.ExportedData!.AbsoluteUri);
    }

    [Fact]
    public async Task An_unknown_status_keeps_polling_until_the_export_completes()
    {
        var time = new FakeTimeProvider();
        var mock = Answering(n => n < 4
            ? """{"id":2,"status":"exporting","percent_complete":30}"""
            : """{"id":2,"status":"complete","exported_data":"https://s3.test/x.zip"}""");

        var export = await Drive(Client(mock, time: time).WaitForExportAsync(1, 2, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), time, TimeSpan.FromSeconds(1));

        Assert.Equal(ExportStatus.Complete, export.Status);
    }

    [Fact]
    public async Task The_wait_ends_at_the_callers_maximum_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        int polls = 0;
        var mock = Answering(_ => """{"id":2,"status":"in_progress","percent_complete":40}""", () => polls++);

        var ex = await Assert.ThrowsAsync<ExportWaitException>(() =>
            Drive(Client(mock, time: time).WaitForExportAsync(1, 2, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(35)), time, TimeSpan.FromSeconds(1)));

        Assert.True(ex.TimedOut);
        Assert.Equal(5, polls); // at 0, 10, 20, 30 and 35 s: the last wait is cut to the time left
        Assert.Equal("in_progress", ex.Export!.Status);
        Assert.Contains("40%", ex.Message, StringComparison.Ordinal);
        Assert.Contains("35 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_maximum_the_wait_ends_after_the_default_of_ten_minutes()
    {
        var time = new FakeTimeProvider();
        var mock = Answering(_ => """{"id":2,"status":"pending"}""");
        var started = time.GetUtcNow();

        var ex = await Assert.ThrowsAsync<ExportWaitException>(() =>
            Drive(Client(mock, time: time).WaitForExportAsync(1, 2, TimeSpan.FromMinutes(1)), time, TimeSpan.FromSeconds(30)));

        Assert.True(ex.TimedOut);
        Assert.Equal(OrderManagerClient.DefaultMaxExportWait, TimeSpan.FromMinutes(10));
        Assert.InRange(time.GetUtcNow() - started, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(11));
    }

    [Fact]
    public async Task A_non_positive_maximum_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client(new MockHttpMessageHandler()).WaitForExportAsync(1, 2, maxWait: TimeSpan.Zero));
    }
}
