using HouseCanary.OrderManager.Callouts;
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

        ValidateCallouts(options.Callouts, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCallouts(CalloutOptions? callouts, List<string> failures)
    {
        if (callouts is null)
        {
            failures.Add("HouseCanary:Callouts must not be null.");
            return;
        }

        const string P = "HouseCanary:Callouts:";
        switch (callouts.Scheme)
        {
            case CalloutAuthenticationScheme.None:
                break;
            case CalloutAuthenticationScheme.Basic:
                if (string.IsNullOrEmpty(callouts.Username))
                {
                    failures.Add(P + "Username is required for the Basic scheme.");
                }
                else if (callouts.Username.Contains(':', StringComparison.Ordinal))
                {
                    failures.Add(P + "Username must not contain a colon (HTTP Basic).");
                }

                if (string.IsNullOrEmpty(callouts.Password))
                {
                    failures.Add(P + "Password is required for the Basic scheme.");
                }

                break;
            case CalloutAuthenticationScheme.Header:
                if (string.IsNullOrWhiteSpace(callouts.HeaderName))
                {
                    failures.Add(P + "HeaderName is required for the Header scheme.");
                }

                RequireToken(callouts, failures);
                break;
            case CalloutAuthenticationScheme.QueryString:
                if (string.IsNullOrWhiteSpace(callouts.ParameterName))
                {
                    failures.Add(P + "ParameterName is required for the QueryString scheme.");
                }

                RequireToken(callouts, failures);
                break;
            case CalloutAuthenticationScheme.Signature:
                if (string.IsNullOrEmpty(callouts.Secret))
                {
                    failures.Add(P + "Secret is required for the Signature scheme.");
                }

                break;
            default:
                failures.Add(P + $"Scheme '{callouts.Scheme}' is not one of Basic, Header, QueryString, Signature.");
                break;
        }

        if (callouts.MaxBodyBytes <= 0)
        {
            failures.Add(P + "MaxBodyBytes must be positive.");
        }

        if (callouts.DeduplicationRetention < TimeSpan.FromMinutes(50))
        {
            failures.Add(P + "DeduplicationRetention must be at least 50 minutes (HouseCanary redelivers up to 10 times, 5 minutes apart).");
        }

        if (callouts.ProcessingTimeout <= TimeSpan.Zero)
        {
            failures.Add(P + "ProcessingTimeout must be positive.");
        }
    }

    private static void RequireToken(CalloutOptions callouts, List<string> failures)
    {
        if (string.IsNullOrEmpty(callouts.Token))
        {
            failures.Add($"HouseCanary:Callouts:Token is required for the {callouts.Scheme} scheme.");
        }
    }
}
