using Microsoft.Extensions.Options;

namespace Arrowbase.AppraisalWorks;

/// <summary>Validates <see cref="AppraisalWorksOptions"/> at start-up. Messages name settings, never their values.</summary>
public sealed class AppraisalWorksOptionsValidator : IValidateOptions<AppraisalWorksOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AppraisalWorksOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.BaseAddress is null || !options.BaseAddress.IsAbsoluteUri
            || (options.BaseAddress.Scheme != Uri.UriSchemeHttps && !options.BaseAddress.IsLoopback))
        {
            failures.Add("AppraisalWorks:BaseAddress must be an absolute https URI (http is allowed only for loopback).");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("AppraisalWorks:ClientId is required.");
        }

        if (string.IsNullOrWhiteSpace(options.PublicKey))
        {
            failures.Add("AppraisalWorks:PublicKey is required.");
        }
        else if (options.PublicKey.Contains(':', StringComparison.Ordinal) || options.PublicKey.Any(char.IsWhiteSpace))
        {
            failures.Add("AppraisalWorks:PublicKey must not contain ':' or white space.");
        }

        if (string.IsNullOrWhiteSpace(options.PrivateKey))
        {
            failures.Add("AppraisalWorks:PrivateKey is required.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero)
        {
            failures.Add("AppraisalWorks:AttemptTimeout must be positive.");
        }

        if (options.TotalRequestTimeout < options.AttemptTimeout)
        {
            failures.Add("AppraisalWorks:TotalRequestTimeout must be at least AttemptTimeout.");
        }

        if (options.MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add("AppraisalWorks:MaxRetryAttempts must be between 0 and 10.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            failures.Add("AppraisalWorks:RetryBaseDelay must not be negative.");
        }
        else if (options.MaxRetryAttempts is >= 0 and <= 10 && MaxTotalRetryDelay(options) > options.TotalRequestTimeout)
        {
            // The standard resilience handler refuses a pipeline whose summed retry delays exceed the total request
            // timeout, but only when the first request builds it; refuse the same settings here, at start-up.
            failures.Add($"AppraisalWorks:RetryBaseDelay and AppraisalWorks:MaxRetryAttempts allow retry delays of up to {MaxTotalRetryDelay(options)} in total, longer than AppraisalWorks:TotalRequestTimeout; lower RetryBaseDelay or MaxRetryAttempts, or raise TotalRequestTimeout.");
        }

        if (options.MaxResponseMemberBytes < 4096)
        {
            failures.Add("AppraisalWorks:MaxResponseMemberBytes must be at least 4096.");
        }

        if (options.AppraisalCoordinator is { } coordinator)
        {
            // The party type is implied (it is always sent as "Appraisal Coordinator"); any other stated type is an error.
            if (coordinator.PartyType is { Length: > 0 } type
                && !string.Equals(type.Trim(), Appendices.ContactRoles.AppraisalCoordinator, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add("AppraisalWorks:AppraisalCoordinator:PartyType must be 'Appraisal Coordinator' or left empty.");
            }

            foreach (string problem in OrderValidator.ValidateParty(coordinator, "AppraisalWorks:AppraisalCoordinator"))
            {
                if (!problem.EndsWith(".partyType is required.", StringComparison.Ordinal))
                {
                    failures.Add(problem);
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The longest the standard handler's retries can wait in total: exponential back-off with jitter waits less
    /// than <c>RetryBaseDelay * 2^n</c> over n retries (at least one retry strategy is always built, even for 0
    /// retries). A bound slightly above the handler's own figure, so that anything accepted here also builds there.
    /// </summary>
    private static TimeSpan MaxTotalRetryDelay(AppraisalWorksOptions options)
    {
        int retries = Math.Max(1, options.MaxRetryAttempts);
        double milliseconds = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, retries);
        return milliseconds >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(milliseconds);
    }
}
