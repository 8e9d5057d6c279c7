namespace Shared.Signing;

/// <summary>Why a signature or credential check failed.</summary>
public enum VerificationFailure
{
    /// <summary>The check passed.</summary>
    None = 0,

    /// <summary>The signature or credential was absent (no header, no parameter, an empty value).</summary>
    Missing = 1,

    /// <summary>The value was present but could not be read (wrong prefix or scheme, bad hex or base64, wrong length, no colon).</summary>
    Malformed = 2,

    /// <summary>The value was well formed but matched none of the configured secrets.</summary>
    Mismatch = 3,

    /// <summary>No secret or credential is configured, so nothing can be accepted (fail closed).</summary>
    NotConfigured = 4,
}
