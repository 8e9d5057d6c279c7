using System.Globalization;
using Shared.Signing;

namespace Valuation.Webhooks;

/// <summary>
/// The settings every webhook receiver shares, with the same names in every package (HouseCanary's
/// <c>HouseCanary:Callouts</c>, AppraisalWorks' <c>AppraisalWorks:Postbacks</c>). A vendor's options derive from
/// this, set its defaults and add its own rules. <see cref="ToString"/> never shows a password, token or secret.
/// </summary>
public abstract class WebhookReceiverOptions
{
    /// <summary>The default <see cref="BufferThresholdBytes"/>: 64 KiB.</summary>
    public const int DefaultBufferThresholdBytes = 64 * 1024;

    /// <summary>The default <see cref="QueryParameterName"/>.</summary>
    public const string DefaultQueryParameterName = "token";

    /// <summary>Initializes the options with a vendor's defaults.</summary>
    /// <param name="configurationPath">The configuration section the options bind from, used in validation messages (such as <c>HouseCanary:Callouts</c>).</param>
    /// <param name="maxBodyBytes">The default <see cref="MaxBodyBytes"/>.</param>
    /// <param name="signatureAlgorithm">The HMAC the <see cref="WebhookAuthenticationScheme.Signature"/> scheme uses.</param>
    protected WebhookReceiverOptions(string configurationPath, long maxBodyBytes, HmacAlgorithm signatureAlgorithm)
    {
        ArgumentException.ThrowIfNullOrEmpty(configurationPath);
        ConfigurationPath = configurationPath;
        MaxBodyBytes = maxBodyBytes;
        SignatureAlgorithm = signatureAlgorithm;
    }

    /// <summary>Gets the configuration section these options bind from, as validation messages name it.</summary>
    public string ConfigurationPath { get; }

    /// <summary>Gets the HMAC algorithm of the <see cref="WebhookAuthenticationScheme.Signature"/> scheme (fixed by the vendor).</summary>
    public HmacAlgorithm SignatureAlgorithm { get; }

    /// <summary>Gets or sets how the sender is authenticated (agreed with the vendor).</summary>
    public WebhookAuthenticationScheme Scheme { get; set; }

    /// <summary>Gets or sets the user name of the <see cref="WebhookAuthenticationScheme.Basic"/> scheme (no <c>:</c>).</summary>
    public string? BasicUserName { get; set; }

    /// <summary>Gets or sets the password of the <see cref="WebhookAuthenticationScheme.Basic"/> scheme (a secret; never printed).</summary>
    public string? BasicPassword { get; set; }

    /// <summary>Gets or sets the header carrying the token of the <see cref="WebhookAuthenticationScheme.HeaderToken"/> scheme.</summary>
    public string? HeaderName { get; set; }

    /// <summary>Gets or sets the query-string parameter carrying the token of the <see cref="WebhookAuthenticationScheme.QueryToken"/> scheme (default <c>token</c>).</summary>
    public string QueryParameterName { get; set; } = DefaultQueryParameterName;

    /// <summary>Gets or sets the header carrying the signature of the <see cref="WebhookAuthenticationScheme.Signature"/> scheme.</summary>
    public string? SignatureHeaderName { get; set; }

    /// <summary>Gets the accepted tokens of the token schemes, current first, then ones being rotated out (secrets; never printed).</summary>
    public IList<string> Tokens { get; } = new List<string>();

    /// <summary>Gets the accepted HMAC secrets of the Signature scheme, current first, then ones being rotated out (secrets; never printed).</summary>
    public IList<string> Secrets { get; } = new List<string>();

    /// <summary>
    /// Gets or sets the largest body accepted, in bytes. A larger declared <c>Content-Length</c> gets 413 before a
    /// byte is read; a streamed body gets 413 as soon as it passes the limit. The ASP.NET Core endpoints raise
    /// Kestrel's body limit to this for their own route only.
    /// </summary>
    public long MaxBodyBytes { get; set; }

    /// <summary>
    /// Gets or sets the most bytes of a body not yet verified that are held in memory (Signature scheme: the
    /// signature is known only at the body's end). Beyond it the body is spooled to a temporary file, deleted
    /// when the request ends, so forged bodies cannot pile up in memory. Default 64 KiB.
    /// </summary>
    public int BufferThresholdBytes { get; set; } = DefaultBufferThresholdBytes;

    /// <summary>Gets or sets how long the whole body may take to arrive (default 30 s); a stalled body gets 408.</summary>
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the handler's deadline when a message is processed while the sender waits (no inbox): past it
    /// the sender gets a non-2xx answer (it redelivers) and the handler's token is cancelled. The handler's claim
    /// is kept, and renewed, until the handler actually ends. Default 25 s.
    /// </summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// Gets or sets how long a de-duplication claim holds without renewal: it is renewed every third of this while
    /// its handler runs, so it only matters when the process dies mid-handler. Default 1 minute.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long a processed message is remembered, so that a redelivery is not handled again.</summary>
    public TimeSpan DeduplicationRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Checks the rules every receiver shares, then the vendor's (<see cref="ValidateVendorRules"/>).</summary>
    /// <returns>Every problem, each naming the setting (never its secret value); empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        string p = ConfigurationPath + ":";
        switch (Scheme)
        {
            case WebhookAuthenticationScheme.None:
                break;
            case WebhookAuthenticationScheme.Basic:
                if (string.IsNullOrEmpty(BasicUserName))
                {
                    failures.Add(p + "BasicUserName is required for the Basic scheme.");
                }
                else if (BasicUserName.Contains(':', StringComparison.Ordinal))
                {
                    failures.Add(p + "BasicUserName must not contain ':' (HTTP Basic separates the user name from the password with the first colon).");
                }

                if (string.IsNullOrEmpty(BasicPassword))
                {
                    failures.Add(p + "BasicPassword is required for the Basic scheme.");
                }

                break;
            case WebhookAuthenticationScheme.HeaderToken:
                if (string.IsNullOrWhiteSpace(HeaderName))
                {
                    failures.Add(p + "HeaderName is required for the HeaderToken scheme.");
                }

                RequireOne(Tokens, p + "Tokens", "the HeaderToken scheme", failures);
                break;
            case WebhookAuthenticationScheme.QueryToken:
                if (string.IsNullOrWhiteSpace(QueryParameterName))
                {
                    failures.Add(p + "QueryParameterName is required for the QueryToken scheme.");
                }

                RequireOne(Tokens, p + "Tokens", "the QueryToken scheme", failures);
                break;
            case WebhookAuthenticationScheme.Signature:
                if (string.IsNullOrWhiteSpace(SignatureHeaderName))
                {
                    failures.Add(p + "SignatureHeaderName is required for the Signature scheme.");
                }

                RequireOne(Secrets, p + "Secrets", "the Signature scheme", failures);
                break;
            default:
                failures.Add(p + $"Scheme '{Scheme}' is not one of None, Basic, HeaderToken, QueryToken, Signature.");
                break;
        }

        if (MaxBodyBytes <= 0 || MaxBodyBytes >= Array.MaxLength)
        {
            failures.Add(p + string.Create(CultureInfo.InvariantCulture, $"MaxBodyBytes must be between 1 and {Array.MaxLength - 1}."));
        }

        if (BufferThresholdBytes < 1024)
        {
            failures.Add(p + "BufferThresholdBytes must be at least 1024.");
        }

        RequirePositive(BodyReadTimeout, p + "BodyReadTimeout", failures);
        RequirePositive(ProcessingTimeout, p + "ProcessingTimeout", failures);
        if (ClaimLease < TimeSpan.FromSeconds(1))
        {
            failures.Add(p + "ClaimLease must be at least 1 second (it is renewed every third of it while the handler runs).");
        }

        RequirePositive(DeduplicationRetention, p + "DeduplicationRetention", failures);
        failures.AddRange(ValidateVendorRules());
        return failures;
    }

    /// <summary>Returns the vendor's own rules' failures (such as a deadline the vendor does not allow).</summary>
    /// <returns>The failures; empty when valid.</returns>
    protected virtual IEnumerable<string> ValidateVendorRules() => [];

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{GetType().Name}(Scheme: {Scheme}, BasicUserName: {BasicUserName}, BasicPassword: {Mask(BasicPassword)}, HeaderName: {HeaderName}, QueryParameterName: {QueryParameterName}, SignatureHeaderName: {SignatureHeaderName}, Tokens: {Tokens.Count} configured, Secrets: {Secrets.Count} configured, MaxBodyBytes: {MaxBodyBytes}, BufferThresholdBytes: {BufferThresholdBytes}, BodyReadTimeout: {BodyReadTimeout}, ProcessingTimeout: {ProcessingTimeout}, ClaimLease: {ClaimLease}, DeduplicationRetention: {DeduplicationRetention})");

    private static string Mask(string? value) => string.IsNullOrEmpty(value) ? "(not set)" : "***";

    private static void RequireOne(IList<string> values, string name, string what, List<string> failures)
    {
        if (!values.Any(v => !string.IsNullOrEmpty(v)))
        {
            failures.Add($"{name} needs at least one value for {what}.");
        }
    }

    private static void RequirePositive(TimeSpan value, string name, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add(name + " must be positive.");
        }
    }
}
