using Microsoft.Extensions.Options;
using Shared.Signing;
using Shared.Signing.Deduplication;

namespace Arrowbase.AppraisalWorks.Postbacks;

/// <summary>
/// Processes a postback end to end, without ASP.NET Core: checks the optional shared secret on the raw request,
/// limits the body size, parses, refuses a mismatched path, de-duplicates (uid + event + detailId), fetches the
/// event's data with a signed GET on the rebuilt route, and dispatches to the <see cref="PostbackHandler"/>. On a
/// failed fetch or handler the dedupe claim is released, so the next delivery is processed.
/// </summary>
public sealed class PostbackProcessor
{
    private readonly IAppraisalWorksClient _client;
    private readonly PostbackHandler _handler;
    private readonly IMessageDeduplicationStore _store;
    private readonly Func<PostbackOptions> _options;

    /// <summary>Initializes a processor (the DI registration uses this).</summary>
    /// <param name="client">The client that fetches event data.</param>
    /// <param name="handler">The user's handler.</param>
    /// <param name="store">The dedupe store.</param>
    /// <param name="options">The options; <see cref="AppraisalWorksOptions.Postbacks"/> is used.</param>
    public PostbackProcessor(IAppraisalWorksClient client, PostbackHandler handler, IMessageDeduplicationStore store, IOptionsMonitor<AppraisalWorksOptions> options)
        : this(client, handler, store, () => (options ?? throw new ArgumentNullException(nameof(options))).CurrentValue.Postbacks)
    {
    }

    /// <summary>Initializes a processor with fixed postback options.</summary>
    /// <param name="client">The client that fetches event data.</param>
    /// <param name="handler">The user's handler.</param>
    /// <param name="store">The dedupe store.</param>
    /// <param name="options">The postback options.</param>
    public PostbackProcessor(IAppraisalWorksClient client, PostbackHandler handler, IMessageDeduplicationStore store, PostbackOptions options)
        : this(client, handler, store, () => options)
    {
        ArgumentNullException.ThrowIfNull(options);
    }

    private PostbackProcessor(IAppraisalWorksClient client, PostbackHandler handler, IMessageDeduplicationStore store, Func<PostbackOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(store);
        _client = client;
        _handler = handler;
        _store = store;
        _options = options;
    }

    /// <summary>Reads a body stream (bounded by <see cref="PostbackOptions.MaxBodyBytes"/>) and processes it.</summary>
    /// <param name="body">The body stream.</param>
    /// <param name="getHeader">Looks a header up by name, null when absent.</param>
    /// <param name="queryString">The raw query string, or null.</param>
    /// <param name="cancellationToken">Cancels processing.</param>
    /// <returns>The result, with the HTTP status to answer.</returns>
    public async Task<PostbackResult> ProcessAsync(Stream body, Func<string, string?>? getHeader, string? queryString, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        int limit = _options().MaxBodyBytes;
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return new PostbackResult(PostbackOutcome.PayloadTooLarge, 413, $"The postback body is larger than {limit} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return await ProcessAsync(new PostbackRequest(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), getHeader, queryString), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Processes a postback.</summary>
    /// <param name="request">The raw request.</param>
    /// <param name="cancellationToken">Cancels processing.</param>
    /// <returns>The result, with the HTTP status to answer.</returns>
    public async Task<PostbackResult> ProcessAsync(PostbackRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options();
        var auth = Authenticate(request, options);
        if (!auth.IsValid)
        {
            return new PostbackResult(PostbackOutcome.Unauthorized, 401, "The postback's credentials were refused: " + auth.Message);
        }

        if (request.Body.Length > options.MaxBodyBytes)
        {
            return new PostbackResult(PostbackOutcome.PayloadTooLarge, 413, $"The postback body is larger than {options.MaxBodyBytes} bytes.");
        }

        PostbackEvent evt;
        try
        {
            evt = PostbackEvent.Parse(request.Body.Span);
        }
        catch (PostbackFormatException ex)
        {
            return new PostbackResult(PostbackOutcome.Malformed, 400, ex.Message);
        }

        if (!evt.IsKnown)
        {
            try
            {
                await _handler.OnUnknownEventAsync(evt, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Any handler failure becomes a 500 result; the caller decides how to log it.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return new PostbackResult(PostbackOutcome.HandlerFailed, 500, "The handler failed for an unknown event: " + ex.Message, evt, Exception: ex);
            }

            return new PostbackResult(PostbackOutcome.UnknownEvent, 200, $"The event '{evt.EventName}' is not documented; passed to OnUnknownEventAsync without fetching.", evt);
        }

        try
        {
            PostbackRoute.Verify(evt);
        }
        catch (PostbackRouteException ex)
        {
            return new PostbackResult(PostbackOutcome.RefusedPath, 400, ex.Message, evt);
        }

        string key = evt.DeduplicationKey;
        DeduplicationClaim claim;
        try
        {
            claim = await _store.TryClaimAsync(key, options.ProcessingTimeout, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A shared store (such as Redis) that is down: answer 500 so AppraisalWorks redelivers; never process unclaimed.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return new PostbackResult(PostbackOutcome.HandlerFailed, 500, "The de-duplication store failed; the postback was not processed and can be redelivered: " + ex.Message, evt, Exception: ex);
        }

        if (claim != DeduplicationClaim.Claimed)
        {
            return new PostbackResult(PostbackOutcome.Duplicate, 200, claim == DeduplicationClaim.InProgress ? "The postback is being processed by another delivery." : "The postback was already processed.", evt);
        }

        var opened = new List<Stream>();
        AppraisalWorksResponse data;
        try
        {
            try
            {
                data = await _client.FetchEventAsync(
                    evt,
                    async (file, ct) =>
                    {
                        var stream = await _handler.OpenDocumentStreamAsync(evt, file, ct).ConfigureAwait(false);
                        opened.Add(stream);
                        return stream;
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                foreach (var stream in opened)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is AppraisalWorksException or HttpRequestException or IOException or InvalidOperationException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await _store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            return new PostbackResult(PostbackOutcome.FetchFailed, 502, "Fetching the event's data failed: " + ex.Message, evt, Exception: ex);
        }
        catch
        {
            await _store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        try
        {
            await DispatchAsync(evt, data, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any handler failure becomes a 500 result and releases the claim for redelivery.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await _store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return new PostbackResult(PostbackOutcome.HandlerFailed, 500, "The handler failed: " + ex.Message, evt, data, ex);
        }

        bool repeatable = evt.DetailId == 0 || PostbackEventNames.WithoutDetail.Contains(evt.KnownName!);
        await _store.CompleteAsync(key, repeatable ? options.RepeatableEventDeduplicationWindow : options.DeduplicationRetention, CancellationToken.None).ConfigureAwait(false);
        return new PostbackResult(PostbackOutcome.Processed, 200, "Processed.", evt, data);
    }

    private static VerificationResult Authenticate(PostbackRequest request, PostbackOptions options) => options.Authentication switch
    {
        PostbackAuthentication.None => VerificationResult.Success(),
        PostbackAuthentication.HeaderToken => CredentialVerifier.VerifyHeaderToken(request.GetHeader, options.HeaderName, options.Tokens.ToArray()),
        PostbackAuthentication.QueryToken => CredentialVerifier.VerifyQueryToken(request.QueryString, options.QueryParameterName, options.Tokens.ToArray()),
        PostbackAuthentication.Basic when options.BasicUserName is { Length: > 0 } user && options.BasicPassword is { Length: > 0 } password =>
            CredentialVerifier.VerifyBasic(request.GetHeader("Authorization"), [new BasicCredential(user, password)]),
        _ => VerificationResult.Fail(VerificationFailure.NotConfigured, "Postback authentication is not configured correctly."),
    };

    private Task DispatchAsync(PostbackEvent evt, AppraisalWorksResponse data, CancellationToken ct) => data switch
    {
        CommentDetails d => _handler.OnCommentsAsync(evt, d, ct),
        DocumentDetails d => _handler.OnDocumentsAsync(evt, d, ct),
        HoldDetails d => _handler.OnHoldAsync(evt, d, ct),
        ResumeDetails d => _handler.OnResumeAsync(evt, d, ct),
        CancelDetails d => _handler.OnCancelAsync(evt, d, ct),
        AssignmentDetails d => _handler.OnAssignmentAsync(evt, d, ct),
        FeeChangeDetails d => _handler.OnFeeChangedAsync(evt, d, ct),
        ExpectedDeliveryDetails d => _handler.OnExpectedDeliveryAsync(evt, d, ct),
        AppointmentDetails d when evt.KnownName == PostbackEventNames.Rescheduled => _handler.OnRescheduledAsync(evt, d, ct),
        AppointmentDetails d => _handler.OnScheduledAsync(evt, d, ct),
        CompletedReport d => _handler.OnCompletedAsync(evt, d, ct),
        _ => throw new InvalidOperationException($"No handler method for {data.GetType().Name}."),
    };
}
