namespace Arrowbase.AppraisalWorks.Postbacks;

/// <summary>
/// Settings of the postback receiver. AppraisalWorks defines no postback signature, so a shared secret agreed with
/// AppraisalWorks (for example in the postback URL's query string) is the receiver's optional defence.
/// <see cref="ToString"/> never prints tokens or passwords.
/// </summary>
public sealed class PostbackOptions
{
    /// <summary>Gets or sets how a postback's sender is authenticated; default <see cref="PostbackAuthentication.None"/>.</summary>
    public PostbackAuthentication Authentication { get; set; } = PostbackAuthentication.None;

    /// <summary>Gets or sets the header holding the token for <see cref="PostbackAuthentication.HeaderToken"/>; default <c>X-AppraisalWorks-Token</c>.</summary>
    public string HeaderName { get; set; } = "X-AppraisalWorks-Token";

    /// <summary>Gets or sets the query-string parameter for <see cref="PostbackAuthentication.QueryToken"/>; default <c>token</c>.</summary>
    public string QueryParameterName { get; set; } = "token";

    /// <summary>Gets the accepted tokens (current first, then ones being rotated out). Secrets; never printed.</summary>
    public IList<string> Tokens { get; } = new List<string>();

    /// <summary>Gets or sets the user name for <see cref="PostbackAuthentication.Basic"/>.</summary>
    public string? BasicUserName { get; set; }

    /// <summary>Gets or sets the password for <see cref="PostbackAuthentication.Basic"/> (a secret; never printed).</summary>
    public string? BasicPassword { get; set; }

    /// <summary>Gets or sets the largest accepted postback body; default 64 KiB (a postback is a few hundred bytes).</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets how long a processed postback with a non-zero detailId is remembered; default 7 days.</summary>
    public TimeSpan DeduplicationRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets how long a postback whose detailId is 0 (ExpectedDelivery, Scheduled, Rescheduled, Completed) is
    /// remembered: such events legitimately repeat, and their GET returns current state; default 2 minutes.
    /// </summary>
    public TimeSpan RepeatableEventDeduplicationWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how long a claim holds when its processor crashes; default 5 minutes.</summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(5);

    internal IEnumerable<string> Validate()
    {
        if (MaxBodyBytes < 256)
        {
            yield return "AppraisalWorks:Postbacks:MaxBodyBytes must be at least 256.";
        }

        if (DeduplicationRetention < TimeSpan.Zero || RepeatableEventDeduplicationWindow < TimeSpan.Zero || ProcessingTimeout <= TimeSpan.Zero)
        {
            yield return "AppraisalWorks:Postbacks deduplication durations must not be negative.";
        }

        switch (Authentication)
        {
            case PostbackAuthentication.None:
                break;
            case PostbackAuthentication.HeaderToken or PostbackAuthentication.QueryToken:
                if (!Tokens.Any(t => !string.IsNullOrEmpty(t)))
                {
                    yield return "AppraisalWorks:Postbacks:Tokens needs at least one token for token authentication.";
                }

                if (string.IsNullOrWhiteSpace(Authentication == PostbackAuthentication.HeaderToken ? HeaderName : QueryParameterName))
                {
                    yield return "AppraisalWorks:Postbacks needs a header or query parameter name for token authentication.";
                }

                break;
            case PostbackAuthentication.Basic:
                if (string.IsNullOrEmpty(BasicUserName) || string.IsNullOrEmpty(BasicPassword))
                {
                    yield return "AppraisalWorks:Postbacks:BasicUserName and BasicPassword are required for Basic authentication.";
                }

                break;
            default:
                yield return "AppraisalWorks:Postbacks:Authentication has an unknown value.";
                break;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"PostbackOptions(Authentication: {Authentication}, Tokens: {Tokens.Count} configured, BasicUserName: {BasicUserName}, BasicPassword: {(string.IsNullOrEmpty(BasicPassword) ? "(not set)" : "***")}, MaxBodyBytes: {MaxBodyBytes})";
}

/// <summary>How a postback's sender is authenticated.</summary>
public enum PostbackAuthentication
{
    /// <summary>No check (AppraisalWorks defines none); rely on network controls and the rebuilt, signed fetch.</summary>
    None = 0,

    /// <summary>A shared token in a header (see <see cref="PostbackOptions.HeaderName"/>).</summary>
    HeaderToken = 1,

    /// <summary>A shared token in the postback URL's query string (see <see cref="PostbackOptions.QueryParameterName"/>).</summary>
    QueryToken = 2,

    /// <summary>HTTP Basic credentials in the postback URL or Authorization header.</summary>
    Basic = 3,
}
