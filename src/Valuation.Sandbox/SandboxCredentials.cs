namespace Valuation.Sandbox;

/// <summary>The credentials a running sandbox accepts (sandbox-only values; printing this object redacts the secrets).</summary>
public sealed class SandboxCredentials
{
    internal SandboxCredentials(HouseCanarySandboxOptions houseCanary, AppraisalWorksSandboxOptions appraisalWorks)
    {
        HouseCanary = new HouseCanarySandboxCredentials(houseCanary.ApiToken, houseCanary.OwnerOrganizationId, houseCanary.OwnerId);
        AppraisalWorks = new AppraisalWorksSandboxCredentials(appraisalWorks.ClientId, appraisalWorks.PublicKey, appraisalWorks.PrivateKey);
    }

    /// <summary>The HouseCanary credentials.</summary>
    public HouseCanarySandboxCredentials HouseCanary { get; }

    /// <summary>The AppraisalWorks credentials.</summary>
    public AppraisalWorksSandboxCredentials AppraisalWorks { get; }

    /// <inheritdoc/>
    public override string ToString() => $"SandboxCredentials({HouseCanary}, {AppraisalWorks})";
}

/// <summary>The HouseCanary credentials the sandbox accepts.</summary>
public sealed class HouseCanarySandboxCredentials
{
    internal HouseCanarySandboxCredentials(string apiToken, long ownerOrganizationId, long ownerId)
    {
        ApiToken = apiToken;
        OwnerOrganizationId = ownerOrganizationId;
        OwnerId = ownerId;
    }

    /// <summary>The API token for <c>Authorization: Token {ApiToken}</c>.</summary>
    public string ApiToken { get; }

    /// <summary>The owner organisation id orders must name.</summary>
    public long OwnerOrganizationId { get; }

    /// <summary>The owner id orders must name.</summary>
    public long OwnerId { get; }

    /// <inheritdoc/>
    public override string ToString() => $"HouseCanary(token: ***, owner_organization_id: {OwnerOrganizationId}, owner_id: {OwnerId})";
}

/// <summary>The AppraisalWorks credentials the sandbox accepts.</summary>
public sealed class AppraisalWorksSandboxCredentials
{
    internal AppraisalWorksSandboxCredentials(string clientId, string publicKey, string privateKey)
    {
        ClientId = clientId;
        PublicKey = publicKey;
        PrivateKey = privateKey;
    }

    /// <summary>The client id for <c>requestingParty.clientID</c>.</summary>
    public string ClientId { get; }

    /// <summary>The public key.</summary>
    public string PublicKey { get; }

    /// <summary>The private key (HMAC-SHA256 key).</summary>
    public string PrivateKey { get; }

    /// <inheritdoc/>
    public override string ToString() => $"AppraisalWorks(client id: {ClientId}, public key: {PublicKey}, private key: ***)";
}
