using System.Net;

namespace Valuation.Http.Tests;

public class OutboundFailureTests
{
    [Theory]
    [InlineData("GET", OutboundFailureKind.ConnectionBroken, null, false)]
    [InlineData("GET", OutboundFailureKind.Timeout, null, false)]
    [InlineData("HEAD", OutboundFailureKind.ErrorResponse, 500, false)]
    [InlineData("POST", OutboundFailureKind.ConnectionBroken, null, true)]
    [InlineData("PUT", OutboundFailureKind.Timeout, null, true)]
    [InlineData("DELETE", OutboundFailureKind.IdleTimeout, null, true)]
    [InlineData("POST", OutboundFailureKind.ErrorResponse, 500, true)]
    [InlineData("POST", OutboundFailureKind.ErrorResponse, 503, true)]
    [InlineData("POST", OutboundFailureKind.InvalidResponse, 201, true)]
    [InlineData("POST", OutboundFailureKind.ResponseTooLarge, 200, true)]
    [InlineData("POST", OutboundFailureKind.Redirect, 302, true)]
    [InlineData("POST", OutboundFailureKind.ErrorResponse, 400, false)]
    [InlineData("PUT", OutboundFailureKind.ErrorResponse, 429, false)]
    [InlineData("POST", OutboundFailureKind.ConnectionFailed, null, false)]
    [InlineData("POST", OutboundFailureKind.CircuitOpen, null, false)]
    [InlineData("POST", OutboundFailureKind.Rejected, null, false)]
    public void Only_failures_that_prove_the_server_did_nothing_say_not_applied(string method, OutboundFailureKind kind, int? status, bool expected) =>
        Assert.Equal(expected, OutboundFailure.MayHaveApplied(new HttpMethod(method), kind, (HttpStatusCode?)status));
}
