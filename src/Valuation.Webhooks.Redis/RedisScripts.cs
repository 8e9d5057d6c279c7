namespace Valuation.Webhooks.Redis;

/// <summary>
/// The Lua scripts that make each store operation one atomic step on the Redis server. Each touches one key
/// (<c>KEYS[1]</c>), so they also work on Redis Cluster.
/// </summary>
internal static class RedisScripts
{
    /// <summary>The value of a processed message's key.</summary>
    internal const string DoneValue = "done";

    /// <summary>The prefix of a claimed message's key value; the claim token follows it.</summary>
    internal const string ProcessingPrefix = "processing:";

    /// <summary>
    /// Claim: <c>SET KEYS[1] ARGV[1] NX PX ARGV[2]</c>; when the key exists, report what holds it.
    /// Returns 0 (claimed), 1 (in progress, or any value this store did not write) or 2 (already processed).
    /// </summary>
    internal const string Claim = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return 0
        end
        if redis.call('GET', KEYS[1]) == 'done' then
          return 2
        end
        return 1
        """;

    /// <summary>
    /// Complete: set <c>done</c> with <c>PX ARGV[2]</c> when the key is absent, already done, or still holds our
    /// claim <c>ARGV[1]</c>. Returns 1 when written, 0 when another owner's claim holds the key.
    /// </summary>
    internal const string Complete = """
        local current = redis.call('GET', KEYS[1])
        if current == false or current == 'done' or current == ARGV[1] then
          redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    /// <summary>Renew: <c>PEXPIRE KEYS[1] ARGV[2]</c> only while the key still holds our claim <c>ARGV[1]</c>. Returns 1 when renewed.</summary>
    internal const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    /// <summary>Release: delete the key only while it still holds our claim <c>ARGV[1]</c>. Returns the number deleted.</summary>
    internal const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;
}
