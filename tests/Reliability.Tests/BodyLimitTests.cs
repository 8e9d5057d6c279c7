using System.Text;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager.Callouts;
using Reliability.Tests.Support;
using RichardSzalay.MockHttp;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;

namespace Reliability.Tests;

/// <summary>Both webhook processors bound the body they read, and refuse deep or huge JSON with a typed result.</summary>
[Trait("Category", "BodyLimits")]
public sealed class BodyLimitTests
{
    private static readonly CalloutOptions Signature = HostileInputTests.CalloutOptionsFor(WebhookAuthenticationScheme.Signature);

    /// <summary>A well-formed (but wrong) signature header: without one a callout is refused before its body is read.</summary>
    private static string? WellFormedSignature(string name) => name == CalloutOptions.DefaultSignatureHeaderName ? "sha1=" + new string('0', 40) : null;

    private static CalloutProcessor Callouts(CalloutOptions options, CalloutHandler? handler = null) =>
        new(options, handler ?? new NoopCalloutHandler(), new InMemoryMessageDeduplicationStore());

    private static PostbackProcessor Postbacks(PostbackOptions options)
    {
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond("application/json", """{"isSuccess":true,"comment":"hi"}""");
        var client = AppraisalWorksClient.Create(new AppraisalWorksOptions { BaseAddress = new Uri("https://aw.test/RapiV1/"), ClientId = "1", PublicKey = "p", PrivateKey = "k" }, mock);
        return new PostbackProcessor(client, new DiscardingPostbackHandler(), new InMemoryMessageDeduplicationStore(), options);
    }

    [Fact]
    public void The_callout_default_limit_is_documented_and_holds_an_order_complete_with_a_large_report()
    {
        // 50 MiB: an order_complete carries its PDF as base64 (4/3 of the PDF) plus a few hundred bytes of envelope.
        Assert.Equal(50L * 1024 * 1024, CalloutOptions.DefaultMaxBodyBytes);
        Assert.Equal(CalloutOptions.DefaultMaxBodyBytes, new CalloutOptions().MaxBodyBytes);
        long largestPdf = (CalloutOptions.DefaultMaxBodyBytes - 4096) / 4 * 3;
        Assert.True(largestPdf > 35L * 1024 * 1024, "a 35 MiB report must fit");
    }

    [Fact]
    public async Task An_order_complete_with_a_24_MiB_report_is_processed_under_the_default_limit()
    {
        var options = HostileInputTests.CalloutOptionsFor(WebhookAuthenticationScheme.Signature);
        byte[] pdf = new byte[24 * 1024 * 1024];
        new Random(3).NextBytes(pdf);
        string template = Encoding.UTF8.GetString(TestData.HouseCanary("order_complete.json"));
        byte[] body = Encoding.UTF8.GetBytes(template.Replace("encoded report blob", Convert.ToBase64String(pdf), StringComparison.Ordinal));
        var handler = new ReportLengthHandler();
        var signed = new CalloutSigner(options).Sign(body);

        var result = await Callouts(options, handler).ProcessAsync(new WebhookRequest(new MemoryStream(body), null, n => signed.Headers.GetValueOrDefault(n), null));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal(pdf.Length, handler.ReportLength);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_callout_over_the_configured_limit_is_413_without_reading_past_the_limit(bool declared)
    {
        var options = HostileInputTests.CalloutOptionsFor(WebhookAuthenticationScheme.Signature);
        options.MaxBodyBytes = 256 * 1024;
        long length = 5L * 1024 * 1024;
        var body = new GuardedStream(length, options.MaxBodyBytes);

        var result = await Callouts(options).ProcessAsync(new WebhookRequest(body, declared ? length : null, WellFormedSignature, null));

        Assert.Equal(WebhookOutcome.PayloadTooLarge, result.Outcome);
        Assert.Equal(413, result.StatusCode);
        Assert.Contains(options.MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Reason, StringComparison.Ordinal);
        Assert.True(body.Position_ <= options.MaxBodyBytes + 1, $"read {body.Position_} bytes");
        if (declared)
        {
            Assert.Equal(0, body.Reads); // the declared length alone was enough to refuse it
        }
    }

    [Fact]
    public async Task A_callout_over_the_default_limit_is_413_without_reading_past_it()
    {
        var body = new GuardedStream(CalloutOptions.DefaultMaxBodyBytes + (8 * 1024 * 1024), CalloutOptions.DefaultMaxBodyBytes);

        var result = await Callouts(HostileInputTests.CalloutOptionsFor(WebhookAuthenticationScheme.Signature)).ProcessAsync(new WebhookRequest(body, null, WellFormedSignature, null));

        Assert.Equal(WebhookOutcome.PayloadTooLarge, result.Outcome);
        Assert.True(body.Position_ <= CalloutOptions.DefaultMaxBodyBytes + 1);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(100_000)]
    public async Task A_deeply_nested_callout_is_a_400_that_names_the_depth(int depth)
    {
        string nested = new string('[', depth) + new string(']', depth);
        byte[] body = Encoding.UTF8.GetBytes($"{{\"message_type\":\"order_status_change\",\"message_id\":\"deep-{depth}\",\"x\":{nested}}}");
        var request = new CalloutSigner(Signature).CreateRequest(body);

        var result = await Callouts(Signature).ProcessAsync(request);

        Assert.Equal(WebhookOutcome.Malformed, result.Outcome);
        Assert.Contains("depth", result.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_postback_default_limit_is_documented()
    {
        Assert.Equal(64 * 1024, new PostbackOptions().MaxBodyBytes);
        Assert.True(TestData.AppraisalWorks("postback.json").Length * 100 < new PostbackOptions().MaxBodyBytes, "a documented postback is far below the limit");
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(1000)]
    public async Task A_postback_over_the_limit_is_413_without_reading_far_past_it(int limit)
    {
        var options = new PostbackOptions { MaxBodyBytes = limit };
        var body = new GuardedStream(10L * 1024 * 1024, limit, "{\"apiEvent\":{\"transactionUID\":\""u8.ToArray());

        var result = await Postbacks(options).ProcessAsync(new WebhookRequest(body, null, null, null));

        Assert.Equal(WebhookOutcome.PayloadTooLarge, result.Outcome);
        Assert.Equal(413, result.StatusCode);
        Assert.True(body.Position_ <= limit + 4096, $"read {body.Position_} bytes");
    }

    [Fact]
    public async Task An_oversized_postback_given_as_bytes_is_413()
    {
        var options = new PostbackOptions { MaxBodyBytes = 1000 };
        byte[] body = PostbackTestMessages.CreateBody("UID-1", "Comments", 1, "/Orders/UID-1/Comments/1" + new string('x', 2000));

        var result = await Postbacks(options).ProcessAsync(new WebhookRequest(body));

        Assert.Equal(WebhookOutcome.PayloadTooLarge, result.Outcome);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(10_000)]
    public async Task A_deeply_nested_postback_is_a_400_that_names_the_depth(int depth)
    {
        string nested = new string('[', depth) + new string(']', depth);
        byte[] body = Encoding.UTF8.GetBytes($"{{\"apiEvent\":{{\"transactionUID\":\"UID-1\",\"eventName\":\"Comments\",\"detailId\":\"1\",\"x\":{nested}}}}}");

        var result = await Postbacks(new PostbackOptions()).ProcessAsync(new WebhookRequest(body));

        Assert.Equal(WebhookOutcome.Malformed, result.Outcome);
        Assert.Equal(400, result.StatusCode);
        Assert.Contains("depth", result.Reason, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class ReportLengthHandler : CalloutHandler
    {
        public long ReportLength { get; private set; }

        public override async Task OnOrderCompleteAsync(OrderCompleteMessage message, CancellationToken cancellationToken)
        {
            await using var report = message.OpenReportStream();
            ReportLength = await CountAsync(report, cancellationToken);
        }

        private static async Task<long> CountAsync(Stream stream, CancellationToken cancellationToken)
        {
            byte[] buffer = new byte[81920];
            long total = 0;
            int n;
            while ((n = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += n;
            }

            return total;
        }
    }
}
