using Microsoft.Extensions.Options;

namespace HouseCanary.OrderManager;

/// <summary>
/// Validates <see cref="OrderManagerOptions"/> at start-up (every problem at once). Messages name the setting,
/// never its secret value.
/// </summary>
public sealed class OrderManagerOptionsValidator : IValidateOptions<OrderManagerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OrderManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var baseAddress = options.BaseAddress;
        if (baseAddress is null || !baseAddress.IsAbsoluteUri)
        {
            failures.Add("HouseCanary:BaseAddress must be an absolute URI such as https://order-manager-api-demo.housecanary.com/partner-api/v1/.");
        }
        else if (baseAddress.Scheme != Uri.UriSchemeHttps && !(baseAddress.Scheme == Uri.UriSchemeHttp && baseAddress.IsLoopback))
        {
            failures.Add("HouseCanary:BaseAddress must use https (plain http is allowed only for a loopback sandbox), so the API token never travels in clear text.");
        }
        else if (!string.IsNullOrEmpty(baseAddress.Query) || !string.IsNullOrEmpty(baseAddress.Fragment) || !string.IsNullOrEmpty(baseAddress.UserInfo))
        {
            failures.Add("HouseCanary:BaseAddress must not carry a query string, fragment or user info.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiToken))
        {
            failures.Add("HouseCanary:ApiToken is required (the token issued at Integration Partner onboarding).");
        }
        else if (options.ApiToken.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add("HouseCanary:ApiToken contains whitespace or control characters; check how it was copied.");
        }

        if (options.OwnerOrganizationId is <= 0)
        {
            failures.Add("HouseCanary:OwnerOrganizationId must be a positive integer when set.");
        }

        if (options.OwnerId is <= 0)
        {
            failures.Add("HouseCanary:OwnerId must be a positive integer when set.");
        }

        Valuation.Http.OutboundOptionsRules.Validate(
            "HouseCanary", options.AttemptTimeout, options.TotalRequestTimeout, options.IdleTimeout, options.MaxRetryAttempts,
            options.RetryBaseDelay, options.MaxResponseBytes, options.MaxDownloadBytes, failures);
        if (options.MaxPages is < 1 or > 1_000_000)
        {
            failures.Add("HouseCanary:MaxPages must be between 1 and 1000000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
