using Arrowbase.AppraisalWorks;
using HouseCanary.OrderManager;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Tests.Support;

namespace Reliability.Tests;

/// <summary>A response body cut short after its headers: the GET's answer already began, so it is not retried.</summary>
[Trait("Category", "FaultMatrix")]
public sealed class TruncatedBodyTests
{
    [Fact]
    public async Task HouseCanary_GET_with_a_body_cut_after_the_headers_fails_once_with_the_typed_exception_around_the_IOException()
    {
        await using var server = new RawHttpServer(TestData.HouseCanary("order.json"));
        var recorder = new AttemptRecorder();
        using var provider = Clients.HouseCanary(new Uri($"http://127.0.0.1:{server.Port}/partner-api/v1/"), "t0ken-under-test", recorder);

        // The cut is a transport failure: the package's typed exception, with the IOException inside.
        var typed = await Assert.ThrowsAsync<OrderManagerException>(() => provider.GetRequiredService<IOrderManagerClient>().GetOrderAsync(1234));
        var error = Assert.IsAssignableFrom<IOException>(typed.InnerException);

        Assert.Contains("ended prematurely", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Valuation.Http.OutboundFailureKind.ConnectionBroken, typed.FailureKind);
        Assert.False(typed.MayHaveBeenApplied);
        Assert.Equal(1, server.Requests);
        Assert.Single(recorder.Attempts);
        Assert.True(recorder.SettlesToZero());
    }

    [Fact]
    public async Task AppraisalWorks_GET_with_a_body_cut_after_the_headers_fails_once_with_the_typed_exception_around_the_IOException()
    {
        await using var server = new RawHttpServer(TestData.AppraisalWorks("event-comments.json"));
        var recorder = new AttemptRecorder();
        using var provider = Clients.AppraisalWorks(new Uri($"http://127.0.0.1:{server.Port}/RapiV1/"), "4564", "pub", "priv-under-test", recorder);

        // The cut is a transport failure: the package's typed exception, with the IOException inside.
        var typed = await Assert.ThrowsAsync<AppraisalWorksException>(() => provider.GetRequiredService<IAppraisalWorksClient>().GetCommentAsync("UID-1", 7));
        var error = Assert.IsAssignableFrom<IOException>(typed.InnerException);

        Assert.Contains("ended prematurely", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Valuation.Http.OutboundFailureKind.ConnectionBroken, typed.FailureKind);
        Assert.False(typed.MayHaveBeenApplied);
        Assert.Equal(1, server.Requests);
        Assert.Single(recorder.Attempts);
        Assert.True(recorder.SettlesToZero());
    }
}
