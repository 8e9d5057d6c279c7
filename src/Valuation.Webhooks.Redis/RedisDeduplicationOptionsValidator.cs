using Microsoft.Extensions.Options;

namespace Valuation.Webhooks.Redis;

/// <summary>
/// Validates <see cref="RedisDeduplicationOptions"/> at start-up. Failure messages name the setting and the rule,
/// never the configuration string's content (it may hold a password).
/// </summary>
internal sealed class RedisDeduplicationOptionsValidator : IValidateOptions<RedisDeduplicationOptions>
{
    /// <summary>Whether a connection string is required (false when the store is given a multiplexer).</summary>
    private readonly bool _requireConfiguration;

    public RedisDeduplicationOptionsValidator(bool requireConfiguration) => _requireConfiguration = requireConfiguration;

    public ValidateOptionsResult Validate(string? name, RedisDeduplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (_requireConfiguration || !string.IsNullOrWhiteSpace(options.Configuration))
        {
            if (string.IsNullOrWhiteSpace(options.Configuration))
            {
                failures.Add("RedisDeduplicationOptions.Configuration is required: a StackExchange.Redis configuration string such as '127.0.0.1:6379'.");
            }
            else if (!RedisDeduplicationOptions.TryParse(options.Configuration, out _))
            {
                failures.Add("RedisDeduplicationOptions.Configuration is not a valid StackExchange.Redis configuration string (an unknown option or no endpoint); its content is not shown because it may hold a password.");
            }
        }

        failures.AddRange(ValidateShape(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The rules that do not depend on how the store connects.</summary>
    internal static IEnumerable<string> ValidateShape(RedisDeduplicationOptions options)
    {
        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            yield return "RedisDeduplicationOptions.KeyPrefix is required, such as 'valuation:dedupe:'.";
        }
        else if (options.KeyPrefix.Length > RedisDeduplicationOptions.MaxKeyPrefixLength)
        {
            yield return $"RedisDeduplicationOptions.KeyPrefix is {options.KeyPrefix.Length} characters; at most {RedisDeduplicationOptions.MaxKeyPrefixLength} are allowed.";
        }

        if (options.Database < -1)
        {
            yield return $"RedisDeduplicationOptions.Database is {options.Database}; it must be -1 (the default database) or a database number.";
        }
    }
}
