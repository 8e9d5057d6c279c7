namespace Arrowbase.AppraisalWorks;

/// <summary>Checks a transactionUID before it becomes a path segment: no separators, dot segments or control characters.</summary>
public static class TransactionUid
{
    /// <summary>The longest transactionUID accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>Returns why <paramref name="transactionUid"/> cannot be a path segment, or null when it can.</summary>
    /// <param name="transactionUid">The transactionUID.</param>
    /// <returns>The problem, or null.</returns>
    public static string? Check(string? transactionUid)
    {
        if (string.IsNullOrWhiteSpace(transactionUid))
        {
            return "is required.";
        }

        if (transactionUid.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters.";
        }

        if (transactionUid is "." || transactionUid.Contains("..", StringComparison.Ordinal))
        {
            return "must not contain '..'.";
        }

        foreach (char c in transactionUid)
        {
            if (c is '/' or '\\' or '?' or '#' or '%' || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return "must not contain '/', '\\', '?', '#', '%', white space or control characters.";
            }
        }

        return null;
    }

    /// <summary>Validates and escapes <paramref name="transactionUid"/> as one path segment.</summary>
    /// <param name="transactionUid">The transactionUID.</param>
    /// <param name="paramName">The parameter name for the exception.</param>
    /// <returns>The escaped segment.</returns>
    /// <exception cref="ArgumentException">The value is not a safe segment.</exception>
    public static string ToPathSegment(string? transactionUid, string paramName = "transactionUid")
    {
        string? problem = Check(transactionUid);
        if (problem is not null)
        {
            throw new ArgumentException("The transactionUID " + problem, paramName);
        }

        return Uri.EscapeDataString(transactionUid!);
    }
}
