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

        Valuation.Http.OutboundOptionsRules.Validate(
            "AppraisalWorks", options.AttemptTimeout, options.TotalRequestTimeout, options.IdleTimeout, options.MaxRetryAttempts,
            options.RetryBaseDelay, options.MaxResponseBytes, options.MaxDownloadBytes, failures);

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
}
