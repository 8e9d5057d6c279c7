using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Valuation.Http;

namespace HouseCanary.OrderManager.Http;

/// <summary>
/// Sets <c>Authorization: Token {ApiToken}</c> on every attempt (replacing, never appending) for requests under
/// <see cref="OrderManagerOptions.BaseAddress"/>, and on nothing else: a pre-signed download URL on another host
/// (such as S3) never receives the token.
/// </summary>
public sealed class TokenAuthenticationHandler : DelegatingHandler
{
    /// <summary>The authorization scheme HouseCanary expects.</summary>
    public const string Scheme = "Token";

    private readonly IOptionsMonitor<OrderManagerOptions> _options;

    /// <summary>Initializes the handler.</summary>
    /// <param name="options">The client options (read on every request, so a rotated token is used at once).</param>
    public TokenAuthenticationHandler(IOptionsMonitor<OrderManagerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options.CurrentValue;
        if (BaseAddressScope.IsUnder(request.RequestUri, options.GetNormalizedBaseAddress()))
        {
            if (string.IsNullOrWhiteSpace(options.ApiToken))
            {
                throw new InvalidOperationException("HouseCanary:ApiToken is not configured, so the request cannot be authenticated.");
            }

            request.Headers.Authorization = new AuthenticationHeaderValue(Scheme, options.ApiToken);
        }
        else if (string.Equals(request.Headers.Authorization?.Scheme, Scheme, StringComparison.OrdinalIgnoreCase))
        {
            // The same message may have been redirected or re-targeted: never let the token leave the API host.
            request.Headers.Authorization = null;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
