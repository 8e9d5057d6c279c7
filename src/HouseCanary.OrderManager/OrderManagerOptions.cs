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
