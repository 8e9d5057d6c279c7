using StackExchange.Redis;

namespace Valuation.Webhooks.Redis;

/// <summary>
/// Settings of a <see cref="RedisMessageDeduplicationStore"/>: where Redis is and how its keys are named.
/// </summary>
/// <remarks>
/// A class rather than a record, so that <see cref="ToString"/> can redact the password that a
/// <see cref="Configuration"/> string may carry.
/// </remarks>
public sealed class RedisDeduplicationOptions
{
    /// <summary>The default <see cref="KeyPrefix"/>.</summary>
    public const string DefaultKeyPrefix = "valuation:dedupe:";

    /// <summary>The longest <see cref="KeyPrefix"/> accepted.</summary>
    public const int MaxKeyPrefixLength = 128;

    /// <summary>
    /// Gets or sets the StackExchange.Redis configuration string, such as <c>127.0.0.1:6379</c> or
    /// <c>redis.internal:6380,ssl=true,password=...</c>. It may hold a password: it is never logged or printed.
    /// Required unless the store is given an existing <see cref="IConnectionMultiplexer"/>.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Gets or sets the prefix of every key the store writes (default <see cref="DefaultKeyPrefix"/>). Give each
    /// application (or each webhook sender) sharing a Redis its own prefix. At most
    /// <see cref="MaxKeyPrefixLength"/> characters.
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>Gets or sets the Redis logical database number; -1 (the default) means the connection's default.</summary>
    public int Database { get; set; } = -1;

    /// <summary>Describes the options with any password in <see cref="Configuration"/> redacted.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString()
        => $"KeyPrefix={KeyPrefix}, Database={Database}, Configuration={DescribeConfiguration(Configuration)}";

    /// <summary>Describes a configuration string without its password.</summary>
    internal static string DescribeConfiguration(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return "(none)";
        }

        return TryParse(configuration, out var parsed) ? parsed.ToString(includePassword: false) : "(unparsable, not shown)";
    }

    /// <summary>Parses a configuration string without throwing and without echoing it.</summary>
    internal static bool TryParse(string configuration, out ConfigurationOptions parsed)
    {
        try
        {
            parsed = ConfigurationOptions.Parse(configuration);
            return parsed.EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            parsed = null!;
            return false;
        }
    }
}
