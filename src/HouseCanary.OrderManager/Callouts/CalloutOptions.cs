namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// Settings of callout verification and processing (configuration section <c>HouseCanary:Callouts</c>).
/// <see cref="ToString"/> never shows a password, token or secret.
/// </summary>
public sealed class CalloutOptions
{
    /// <summary>The default signature header of the <see cref="CalloutAuthenticationScheme.Signature"/> scheme.</summary>
    public const string DefaultSignatureHeaderName = "X-HC-Signature";

    /// <summary>The default <see cref="MaxBodyBytes"/>: 50 MiB, room for an <c>order_complete</c> carrying a base64 PDF.</summary>
    public const long DefaultMaxBodyBytes = 50L * 1024 * 1024;

    /// <summary>Gets or sets the scheme agreed with HouseCanary at onboarding. <see cref="CalloutAuthenticationScheme.None"/> rejects every callout.</summary>
    public CalloutAuthenticationScheme Scheme { get; set; }

    /// <summary>Gets or sets the Basic user name.</summary>
    public string? Username { get; set; }

    /// <summary>Gets or sets the Basic password.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Gets or sets the header carrying the token (<see cref="CalloutAuthenticationScheme.Header"/>, required) or the
    /// signature (<see cref="CalloutAuthenticationScheme.Signature"/>, default <see cref="DefaultSignatureHeaderName"/>).
    /// </summary>
    public string? HeaderName { get; set; }

    /// <summary>Gets or sets the query-string parameter carrying the token (<see cref="CalloutAuthenticationScheme.QueryString"/>).</summary>
    public string? ParameterName { get; set; }

    /// <summary>Gets or sets the token of the Header and QueryString schemes.</summary>
    public string? Token { get; set; }

    /// <summary>Gets or sets the HMAC secret of the Signature scheme.</summary>
    public string? Secret { get; set; }

    /// <summary>Gets further accepted tokens, while rotating (the current one stays in <see cref="Token"/>).</summary>
    public IList<string> AdditionalTokens { get; } = [];

    /// <summary>Gets further accepted secrets, while rotating (the current one stays in <see cref="Secret"/>).</summary>
    public IList<string> AdditionalSecrets { get; } = [];

    /// <summary>
    /// Gets or sets the largest callout body accepted, in bytes (default <see cref="DefaultMaxBodyBytes"/>, 50 MiB:
    /// an <c>order_complete</c> carries its report PDF as base64, a third larger than the PDF). Larger bodies get 413.
    /// </summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>
    /// Gets or sets how long a processed <c>message_id</c> is remembered. HouseCanary redelivers up to 10 times at
    /// least 5 minutes apart, so this must exceed 50 minutes; the default is 24 hours.
    /// </summary>
    public TimeSpan DeduplicationRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Gets or sets how long the handler may run before the processor answers 500 (default
    /// <see cref="DefaultProcessingTimeout"/>, 25 s: HouseCanary redelivers after 30 s, and the answer needs a
    /// margin to travel back). The handler's token is cancelled then; its claim is kept until it actually ends.
    /// </summary>
    public TimeSpan ProcessingTimeout { get; set; } = DefaultProcessingTimeout;

    /// <summary>The default <see cref="ProcessingTimeout"/>: 25 seconds, 5 under HouseCanary's 30-second limit.</summary>
    public static readonly TimeSpan DefaultProcessingTimeout = TimeSpan.FromSeconds(25);

    /// <summary>Gets the effective header name of the Signature scheme.</summary>
    /// <returns><see cref="HeaderName"/>, or <see cref="DefaultSignatureHeaderName"/> when unset.</returns>
    public string GetSignatureHeaderName() => string.IsNullOrWhiteSpace(HeaderName) ? DefaultSignatureHeaderName : HeaderName;

    /// <inheritdoc />
    public override string ToString() =>
        $"CalloutOptions(Scheme: {Scheme}, Username: {Username}, Password: {Mask(Password)}, HeaderName: {HeaderName}, ParameterName: {ParameterName}, Token: {Mask(Token)}, Secret: {Mask(Secret)}, AdditionalTokens: {AdditionalTokens.Count}, AdditionalSecrets: {AdditionalSecrets.Count}, MaxBodyBytes: {MaxBodyBytes}, DeduplicationRetention: {DeduplicationRetention}, ProcessingTimeout: {ProcessingTimeout})";

    private static string Mask(string? value) => string.IsNullOrEmpty(value) ? "<none>" : "***";
}
