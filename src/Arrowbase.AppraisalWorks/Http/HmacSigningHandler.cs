using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Arrowbase.AppraisalWorks.Http;

/// <summary>
/// Signs every attempt of every request with the AppraisalWorks HMAC scheme. Registered after (inside) the
/// resilience handler, so that each retry gets a fresh timestamp and signature. Headers are replaced, never appended.
/// </summary>
public sealed class HmacSigningHandler : DelegatingHandler
{
    private readonly Func<AppraisalWorksOptions> _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes the handler from monitored options (the DI registration uses this).</summary>
    /// <param name="options">The client options (base address and keys).</param>
    /// <param name="timeProvider">The clock for the signed timestamp.</param>
    /// <param name="optionsName">The named options instance; the default instance when null.</param>
    public HmacSigningHandler(IOptionsMonitor<AppraisalWorksOptions> options, TimeProvider timeProvider, string? optionsName = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = optionsName is null ? () => options.CurrentValue : () => options.Get(optionsName);
        _timeProvider = timeProvider;
    }

    /// <summary>Initializes the handler from fixed options.</summary>
    /// <param name="options">The client options (base address and keys).</param>
    /// <param name="timeProvider">The clock for the signed timestamp; the system clock when null.</param>
    public HmacSigningHandler(AppraisalWorksOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = () => options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Sign(request, _options(), _timeProvider.GetUtcNow());
        return base.SendAsync(request, cancellationToken);
    }

    internal static void Sign(HttpRequestMessage request, AppraisalWorksOptions options, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(options.PublicKey) || string.IsNullOrEmpty(options.PrivateKey))
        {
            throw new InvalidOperationException("AppraisalWorks PublicKey and PrivateKey must be configured to sign requests.");
        }

        var requestUri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI to sign.");
        var baseAddress = options.BaseAddress;
        if (!requestUri.IsAbsoluteUri || baseAddress is null || !baseAddress.IsAbsoluteUri
            || !string.Equals(requestUri.Scheme, baseAddress.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(requestUri.IdnHost, baseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
            || requestUri.Port != baseAddress.Port)
        {
            // A signature is a credential: never hand one to another host (a redirect, a postback path, a mistake).
            throw new InvalidOperationException(
                $"Refusing to sign a request to {(requestUri.IsAbsoluteUri ? requestUri.GetLeftPart(UriPartial.Authority) : "a relative URI")}: AppraisalWorks requests are signed only for the scheme, host and port of AppraisalWorks:BaseAddress ({(baseAddress is { IsAbsoluteUri: true } ? baseAddress.GetLeftPart(UriPartial.Authority) : "not an absolute URI")}).");
        }

        string relative = AppraisalWorksSignature.GetRelativeUrl(options.BaseAddress, requestUri);
        string timestamp = AppraisalWorksSignature.FormatTimestamp(now);
        string canonical = AppraisalWorksSignature.CreateCanonicalString(request.Method.Method, relative, timestamp);
        string signature = AppraisalWorksSignature.Sign(options.PrivateKey, canonical);

        request.Headers.Remove(AppraisalWorksSignature.RequestDateHeader);
        request.Headers.TryAddWithoutValidation(AppraisalWorksSignature.RequestDateHeader, timestamp);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            AppraisalWorksSignature.Scheme,
            AppraisalWorksSignature.FormatAuthorizationParameter(options.PublicKey, signature));
        if (request.Content is null && options.ContentTypeOnGet)
        {
            // The signed string's Content-Type "will always be application/json": a bodiless GET says so too, so that a
            // server that rebuilds the canonical string from the headers (the api_auth layout) signs the same string.
            request.Content = new ByteArrayContent([]);
        }

        if (request.Content is not null)
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(AppraisalWorksSignature.ContentType);
        }
    }
}
