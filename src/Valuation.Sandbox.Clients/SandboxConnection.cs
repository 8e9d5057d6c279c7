namespace Valuation.Sandbox.Clients;

/// <summary>
/// Where a running sandbox listens and what it accepts: its root URL, the credentials and its clock. Take one from an
/// in-process sandbox with <see cref="From(ValuationSandbox)"/>, or build one for a sandbox running elsewhere (the
/// valuation-sandbox tool) from the URL it prints; the credentials default to the sandbox's well-known ones, which
/// the tool uses unless its flags change them.
/// </summary>
/// <remarks>A class, not a record: printing it never reveals the API token or the private key.</remarks>
public sealed class SandboxConnection
{
    /// <summary>Describes the sandbox at <paramref name="baseAddress"/> with the well-known credentials and the system clock.</summary>
    /// <param name="baseAddress">The sandbox root, as the tool prints it: <c>http://127.0.0.1:5080/</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="baseAddress"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="baseAddress"/> is not an absolute http or https URL without a query.</exception>
    public SandboxConnection(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps)
            || baseAddress.Query.Length > 0 || baseAddress.Fragment.Length > 0)
        {
            throw new ArgumentException("The sandbox address must be an absolute http:// or https:// URL without a query, such as http://127.0.0.1:5080/.", nameof(baseAddress));
        }

        // The two API roots are resolved below this one, so it must end with a slash.
        BaseAddress = baseAddress.AbsolutePath.EndsWith('/') ? baseAddress : new Uri(baseAddress.GetLeftPart(UriPartial.Path) + "/");
    }

    /// <summary>The sandbox root, ending with <c>/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The HouseCanary API root below <see cref="BaseAddress"/>: <c>partner-api/v1/</c>.</summary>
    public Uri HouseCanaryBaseAddress => new(BaseAddress, "partner-api/v1/");

    /// <summary>The AppraisalWorks API root below <see cref="BaseAddress"/>: <c>RapiV1/</c>.</summary>
    public Uri AppraisalWorksBaseAddress => new(BaseAddress, "RapiV1/");

    /// <summary>The HouseCanary API token (the tool's <c>--hc-token</c>). Defaults to the well-known sandbox token.</summary>
    public string ApiToken { get; init; } = HouseCanarySandboxOptions.DefaultApiToken;

    /// <summary>The owner organisation id orders name (the tool's <c>--hc-owner-organization-id</c>). Defaults to 101.</summary>
    public long OwnerOrganizationId { get; init; } = new HouseCanarySandboxOptions().OwnerOrganizationId;

    /// <summary>The owner id orders name (the tool's <c>--hc-owner-id</c>). Defaults to 202.</summary>
    public long OwnerId { get; init; } = new HouseCanarySandboxOptions().OwnerId;

    /// <summary>The AppraisalWorks client id (the tool's <c>--aw-client-id</c>). Defaults to the well-known sandbox id.</summary>
    public string ClientId { get; init; } = AppraisalWorksSandboxOptions.DefaultClientId;

    /// <summary>The AppraisalWorks public key (the tool's <c>--aw-public-key</c>). Defaults to the well-known sandbox key.</summary>
    public string PublicKey { get; init; } = AppraisalWorksSandboxOptions.DefaultPublicKey;

    /// <summary>The AppraisalWorks private key (the tool's <c>--aw-private-key</c>). Defaults to the well-known sandbox key.</summary>
    public string PrivateKey { get; init; } = AppraisalWorksSandboxOptions.DefaultPrivateKey;

    /// <summary>
    /// The sandbox clock. The AppraisalWorks signer stamps <c>x-request-date</c> from it, and the sandbox checks that
    /// stamp against its own clock, so a manual or fake sandbox clock must reach the client. Defaults to the system
    /// clock, which a standalone sandbox uses.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Describes a running in-process sandbox: its address, the credentials it accepts and its clock.</summary>
    /// <param name="sandbox">The sandbox.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sandbox"/> is null.</exception>
    public static SandboxConnection From(ValuationSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var credentials = sandbox.Credentials;
        return new SandboxConnection(sandbox.BaseAddress)
        {
            ApiToken = credentials.HouseCanary.ApiToken,
            OwnerOrganizationId = credentials.HouseCanary.OwnerOrganizationId,
            OwnerId = credentials.HouseCanary.OwnerId,
            ClientId = credentials.AppraisalWorks.ClientId,
            PublicKey = credentials.AppraisalWorks.PublicKey,
            PrivateKey = credentials.AppraisalWorks.PrivateKey,
            Clock = sandbox.Clock,
        };
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"SandboxConnection({BaseAddress}, HouseCanary token: ***, owner_organization_id: {OwnerOrganizationId}, owner_id: {OwnerId}, AppraisalWorks client id: {ClientId}, public key: {PublicKey}, private key: ***)";
}
