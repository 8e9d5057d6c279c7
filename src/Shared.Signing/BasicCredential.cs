namespace Shared.Signing;

/// <summary>A user name and password accepted by an HTTP Basic check. <see cref="ToString"/> never shows the password.</summary>
public sealed class BasicCredential
{
    /// <summary>Initializes a credential.</summary>
    /// <param name="userName">The user name; must not contain a colon (RFC 7617).</param>
    /// <param name="password">The password; may contain colons.</param>
    public BasicCredential(string userName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (userName.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("An HTTP Basic user name cannot contain a colon.", nameof(userName));
        }

        UserName = userName;
        Password = password;
    }

    /// <summary>Gets the user name.</summary>
    public string UserName { get; }

    /// <summary>Gets the password.</summary>
    public string Password { get; }

    /// <summary>Builds the <c>Authorization</c> header value, <c>Basic base64(user:password)</c>.</summary>
    /// <returns>The header value.</returns>
    public string ToAuthorizationHeaderValue() =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(UserName + ":" + Password));

    /// <inheritdoc />
    public override string ToString() => $"BasicCredential({UserName}, password: ***)";
}
