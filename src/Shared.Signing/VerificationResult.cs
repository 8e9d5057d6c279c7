namespace Shared.Signing;

/// <summary>
/// The outcome of a signature or credential check: valid, or the reason it is not. It never carries a secret,
/// the presented value, or the expected value.
/// </summary>
public sealed class VerificationResult
{
    private const string VerifiedMessage = "Verified.";

    // A passing check allocates nothing for the first secrets (rotation rarely configures more than two).
    private static readonly VerificationResult[] SuccessCache = [new(VerificationFailure.None, VerifiedMessage, 0), new(VerificationFailure.None, VerifiedMessage, 1), new(VerificationFailure.None, VerifiedMessage, 2), new(VerificationFailure.None, VerifiedMessage, 3)];

    private VerificationResult(VerificationFailure failure, string message, int matchedSecretIndex)
    {
        Failure = failure;
        Message = message;
        MatchedSecretIndex = matchedSecretIndex;
    }

    /// <summary>Gets a value indicating whether the check passed.</summary>
    public bool IsValid => Failure == VerificationFailure.None;

    /// <summary>Gets why the check failed, or <see cref="VerificationFailure.None"/> when it passed.</summary>
    public VerificationFailure Failure { get; }

    /// <summary>
    /// Gets a human-readable explanation: <c>Verified.</c> when the check passed, otherwise what was wrong. It never
    /// contains a secret or the value presented.
    /// </summary>
    public string Message { get; }

    /// <summary>
    /// Gets the zero-based index of the configured secret or credential that matched (useful while rotating
    /// secrets, to see when the old one stops being used), or -1 when the check failed.
    /// </summary>
    public int MatchedSecretIndex { get; }

    /// <summary>Creates a passing result.</summary>
    /// <param name="matchedSecretIndex">The index of the secret that matched; not negative.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="matchedSecretIndex"/> is negative.</exception>
    public static VerificationResult Success(int matchedSecretIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(matchedSecretIndex);
        return matchedSecretIndex < SuccessCache.Length ? SuccessCache[matchedSecretIndex] : new(VerificationFailure.None, VerifiedMessage, matchedSecretIndex);
    }

    /// <summary>Creates a failing result.</summary>
    /// <param name="failure">Why it failed; not <see cref="VerificationFailure.None"/>.</param>
    /// <param name="message">What was wrong; not empty. Must not contain a secret or the presented value.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failure"/> is <see cref="VerificationFailure.None"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="message"/> is null, empty or white space.</exception>
    public static VerificationResult Fail(VerificationFailure failure, string message)
    {
        if (failure == VerificationFailure.None)
        {
            throw new ArgumentOutOfRangeException(nameof(failure), failure, "A failure needs a reason.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new(failure, message, -1);
    }

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"Valid (secret #{MatchedSecretIndex})" : $"{Failure}: {Message}";
}
