namespace Valuation.Sandbox.Faults;

/// <summary>One request as the sandbox received it (before any fault), for counting requests at the server.</summary>
/// <param name="Method">The method.</param>
/// <param name="Path">The path, without the query.</param>
/// <param name="Query">The query string, or empty.</param>
public sealed record SandboxRequest(string Method, string Path, string Query);

/// <summary>
/// The fault rules of a running sandbox, and the log of the requests it received. Thread-safe; rules apply in the
/// order they were added.
/// </summary>
public sealed class FaultInjector
{
    /// <summary>The most requests the log keeps (the oldest are dropped first).</summary>
    public const int MaxLoggedRequests = 10_000;

    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private readonly Queue<SandboxRequest> _requests = new();

    /// <summary>The requests received so far (at most <see cref="MaxLoggedRequests"/>, oldest first), whether or not a rule matched.</summary>
    public IReadOnlyList<SandboxRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Counts the requests received with <paramref name="method"/> on exactly <paramref name="path"/> (case-insensitive).</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The path, without the query.</param>
    /// <returns>The count.</returns>
    public int CountRequests(string method, string path)
    {
        lock (_gate)
        {
            return _requests.Count(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase));
        }
    }

    internal void Record(SandboxRequest request)
    {
        lock (_gate)
        {
            if (_requests.Count == MaxLoggedRequests)
            {
                _requests.Dequeue();
            }

            _requests.Enqueue(request);
        }
    }

    /// <summary>Adds a rule.</summary>
    /// <param name="rule">The rule.</param>
    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Times < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.Times, "FaultRule.Times must be at least 1.");
        }

        if (rule.Kind == FaultKind.Status && rule.StatusCode is < 100 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.StatusCode, "FaultRule.StatusCode must be an HTTP status code.");
        }

        if (rule.PathMatch == PathMatch.Regex && rule.PathPattern is not null)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(rule.PathPattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"FaultRule.PathPattern is not a valid regular expression: {ex.Message}", nameof(rule), ex);
            }
        }

        lock (_gate)
        {
            _rules.Add(rule);
        }
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>The rules added so far (spent ones included), in order.</summary>
    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules];
            }
        }
    }

    internal FaultRule? TakeMatch(SandboxApi api, string method, string path)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (rule.Matches(api, method, path) && rule.TryConsume())
                {
                    return rule;
                }
            }
        }

        return null;
    }
}
