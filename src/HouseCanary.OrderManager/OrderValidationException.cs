namespace HouseCanary.OrderManager;

/// <summary>
/// A request was invalid before anything was sent: <see cref="Problems"/> lists every problem found, at once.
/// Derives from <see cref="ArgumentException"/> because the caller's argument is at fault.
/// </summary>
public sealed class OrderValidationException : ArgumentException
{
    /// <summary>Initializes an exception with no problems listed.</summary>
    public OrderValidationException()
        : this("The order is invalid.")
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">What was wrong.</param>
    public OrderValidationException(string message)
        : base(message)
    {
        Problems = [message];
    }

    /// <summary>Initializes an exception with a message and cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OrderValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Initializes an exception listing every problem.</summary>
    /// <param name="problems">The problems, each naming the field path (such as <c>items[2].address</c>).</param>
    /// <param name="paramName">The invalid argument's name.</param>
    public OrderValidationException(IReadOnlyList<string> problems, string? paramName)
        : base(Describe(problems), paramName)
    {
        Problems = problems;
    }

    /// <summary>Gets every problem found, each naming its field path.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return $"The order is invalid ({problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}); nothing was sent: " + string.Join("; ", problems);
    }
}
