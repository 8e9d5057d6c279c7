using System.Text;
using Shared.Signing;

namespace Valuation.Webhooks;

/// <summary>
/// Test helper: builds a request authenticated exactly as a sender configured with the same options would
/// (Basic header, token header, token query parameter, or a <c>sha1=</c>/<c>sha256=</c> HMAC header), so users can
/// run their handlers through a processor end to end.
/// </summary>
public static class WebhookTestRequests
{
    /// <summary>Builds the headers and query string that authenticate <paramref name="body"/> under <paramref name="options"/>.</summary>
    /// <param name="options">The receiver's options (their first token or secret is used).</param>
    /// <param name="body">The raw body.</param>
    /// <returns>The headers (with <c>Content-Type: application/json</c>) and the query string (with <c>?</c>), or null.</returns>
    /// <exception cref="InvalidOperationException">The scheme's credentials are not configured.</exception>
    public static (IReadOnlyDictionary<string, string> Headers, string? QueryString) Authenticate(WebhookReceiverOptions options, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(options);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" };
        string? query = null;
        switch (options.Scheme)
        {
            case WebhookAuthenticationScheme.None:
                break;
            case WebhookAuthenticationScheme.Basic:
                headers["Authorization"] = new BasicCredential(Require(options, options.BasicUserName, "BasicUserName"), Require(options, options.BasicPassword, "BasicPassword")).ToAuthorizationHeaderValue();
                break;
            case WebhookAuthenticationScheme.HeaderToken:
                headers[Require(options, options.HeaderName, "HeaderName")] = Require(options, options.Tokens.FirstOrDefault(), "Tokens");
                break;
            case WebhookAuthenticationScheme.QueryToken:
                query = "?" + Uri.EscapeDataString(Require(options, options.QueryParameterName, "QueryParameterName")) + "=" + Uri.EscapeDataString(Require(options, options.Tokens.FirstOrDefault(), "Tokens"));
                break;
            case WebhookAuthenticationScheme.Signature:
                byte[] digest = Hmac.Compute(options.SignatureAlgorithm, Encoding.UTF8.GetBytes(Require(options, options.Secrets.FirstOrDefault(), "Secrets")), body);
                headers[Require(options, options.SignatureHeaderName, "SignatureHeaderName")] = SignatureHeader.Format(options.SignatureAlgorithm, digest);
                break;
            default:
                throw new InvalidOperationException(options.ConfigurationPath + ":Scheme is not configured.");
        }

        return (headers, query);
    }

    /// <summary>Builds a request carrying <paramref name="body"/> authenticated under <paramref name="options"/>.</summary>
    /// <param name="options">The receiver's options.</param>
    /// <param name="body">The raw body.</param>
    /// <returns>The request.</returns>
    public static WebhookRequest Create(WebhookReceiverOptions options, ReadOnlyMemory<byte> body)
    {
        var (headers, query) = Authenticate(options, body.Span);
        return WebhookRequest.FromHeaders(body, headers, query);
    }

    private static string Require(WebhookReceiverOptions options, string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new InvalidOperationException($"{options.ConfigurationPath}:{name} is not configured.") : value;
}
