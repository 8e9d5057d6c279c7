namespace Valuation.Sandbox.Faults;

/// <summary>The fault rules of a running sandbox. Thread-safe; rules apply in the order they were added.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];

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
