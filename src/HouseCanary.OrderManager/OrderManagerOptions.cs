namespace HouseCanary.OrderManager;

/// <summary>
/// Settings of the HouseCanary Order Manager client, bound from a configuration section such as <c>HouseCanary</c>.
/// <see cref="ToString"/> never shows the token. Callouts have their own options (<see cref="Callouts.CalloutOptions"/>, section <c>HouseCanary:Callouts</c>).
/// </summary>
public sealed class OrderManagerOptions
{
    /// <summary>The demo (test) environment's API root, the default <see cref="BaseAddress"/>.</summary>
    public static readonly Uri DemoBaseAddress = new("https://order-manager-api-demo.housecanary.com/partner-api/v1/");

    /// <summary>
    /// Gets or sets the API root, ending in <c>/partner-api/v1/</c> (a missing trailing slash is added).
    /// Defaults to <see cref="DemoBaseAddress"/>; set the production root for production. Must be https, except on
    /// a loopback host (a local sandbox). The API token is sent only to URIs under this address.
    /// </summary>
    public Uri BaseAddress { get; set; } = DemoBaseAddress;

    /// <summary>Gets or sets the API token issued at onboarding, sent as <c>Authorization: Token {ApiToken}</c>. Required.</summary>
    public string? ApiToken { get; set; }

    /// <summary>Gets or sets the default <c>owner_organization_id</c> of the account the partner acts for (overridable per order).</summary>
    public long? OwnerOrganizationId { get; set; }

    /// <summary>Gets or sets the default <c>owner_id</c> of the account the partner acts for (overridable per order).</summary>
    public long? OwnerId { get; set; }

    /// <summary>Gets or sets how long one attempt may take until the response headers arrive; default 30 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a JSON call may take in all, its attempts, retry delays and the reading of the response
    /// included; default 100 seconds (HttpClient's own default). Downloads are bounded by <see cref="IdleTimeout"/> instead.
    /// </summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Gets or sets the longest a download (a report PDF, an export) may move no byte before it is abandoned; default
    /// 60 seconds. A download has no total limit (it may be large and the link slow): this and the caller's token bound it.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets the most retries of a GET after a transient failure (5xx, 408, 429, a broken connection, a
    /// timeout); default 3. A POST is retried only when the failure proves nothing was sent (connection refused,
    /// unknown host). 0 turns retries off.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the base delay between retries (exponential with jitter; a Retry-After header wins); default 2 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets the largest JSON response read (an order, a page of items, an export request); default 16 MiB,
    /// far above the largest documented payload (a page of items). A larger body fails the call, unread.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Gets or sets the largest download (a report PDF, an export archive) written to a destination; default 4 GiB.</summary>
    public long MaxDownloadBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the most pages <see cref="IOrderManagerClient.GetOrderItemsAsync"/> follows through <c>next</c>
    /// links; default 1000. Paging past it fails with <see cref="Valuation.Http.OutboundFailureKind.TooManyPages"/>.
    /// </summary>
    public int MaxPages { get; set; } = 1000;

    /// <summary>
    /// Gets or sets a value indicating whether download URLs (a callout's <c>download_url</c>, an export's
    /// <c>exported_data</c>) may name an IP address in the loopback, link-local, private or unique-local ranges.
    /// Default false: such a URL (<c>http://169.254.169.254/</c>, <c>https://10.0.0.5/</c>) is refused, so that a
    /// forged or mistaken link cannot make the client fetch from inside your network. Download URLs must be https
    /// (plain http only to a loopback host while <see cref="BaseAddress"/> is loopback, for a local sandbox).
    /// </summary>
    public bool AllowPrivateNetworkDownloadHosts { get; set; }

    /// <summary>Gets <see cref="BaseAddress"/> with a trailing slash, so relative paths resolve beneath it.</summary>
    /// <returns>The normalized base address.</returns>
    public Uri GetNormalizedBaseAddress()
    {
        var uri = BaseAddress ?? DemoBaseAddress;
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/" + uri.Query);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"OrderManagerOptions(BaseAddress: {BaseAddress}, ApiToken: {(string.IsNullOrEmpty(ApiToken) ? "<none>" : "***")}, OwnerOrganizationId: {OwnerOrganizationId}, OwnerId: {OwnerId})";
}
