namespace Valuation.Webhooks.Redis;

/// <summary>
/// The Lua scripts of the Redis Streams inbox: each is one atomic step on the server. Every key of one inbox shares
/// a hash tag (<c>{name}</c>), so the scripts also work on Redis Cluster. Stream entries hold <c>k</c> (the
/// de-duplication key), <c>b</c> (the body), <c>a</c> (failed attempts), <c>t</c> (first enqueued, Unix ms) and
/// <c>e</c> (the last error). Parked (retry) and dead messages keep the same fields in a hash, as <c>{id}:{field}</c>.
/// </summary>
internal static class RedisInboxScripts
{
    /// <summary>
    /// Takes entries whose lease passed (<c>XAUTOCLAIM</c>, min idle <c>ARGV[3]</c>), returning each as
    /// <c>{id, fields, deliveries}</c>. KEYS: stream. ARGV: group, consumer, minIdleMs, count.
    /// </summary>
    internal const string Reclaim = """
        local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', ARGV[4])
        local out = {}
        for _, e in ipairs(r[2]) do
          if e[2] then
            local p = redis.call('XPENDING', KEYS[1], ARGV[1], e[1], e[1], 1)
            local n = 1
            if p[1] then n = p[1][4] end
            table.insert(out, {e[1], e[2], n})
          else
            redis.call('XACK', KEYS[1], ARGV[1], e[1])
          end
        end
        return out
        """;

    /// <summary>Moves due retries back into the stream. KEYS: stream, retry zset, parked hash. ARGV: nowMs, max.</summary>
    internal const string Promote = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
        for _, id in ipairs(ids) do
          local v = redis.call('HMGET', KEYS[3], id..':k', id..':b', id..':a', id..':t', id..':e')
          if v[1] then
            redis.call('XADD', KEYS[1], '*', 'k', v[1], 'b', v[2], 'a', v[3], 't', v[4], 'e', v[5] or '')
          end
          redis.call('HDEL', KEYS[3], id..':k', id..':b', id..':a', id..':t', id..':e')
          redis.call('ZREM', KEYS[2], id)
        end
        return #ids
        """;

    /// <summary>
    /// Renews a lease (<c>XCLAIM ... JUSTID</c> resets the idle time) only while <c>ARGV[2]</c> still owns the entry.
    /// KEYS: stream. ARGV: group, consumer, id.
    /// </summary>
    internal const string Renew = """
        local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
        if not p[1] or p[1][2] ~= ARGV[2] then return 0 end
        redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
        return 1
        """;

    /// <summary>Removes a processed entry. KEYS: stream. ARGV: group, id.</summary>
    internal const string Complete = """
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        return redis.call('XDEL', KEYS[1], ARGV[2])
        """;

    /// <summary>
    /// Parks an owned entry until <c>ARGV[4]</c> (retry zset score) or moves it to the dead set (when ARGV[7] is 1).
    /// KEYS: stream, zset (retry or dead index), hash (parked or dead). ARGV: group, consumer, id, score, attemptIncrement, error, dead.
    /// </summary>
    internal const string Park = """
        local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
        if not p[1] or p[1][2] ~= ARGV[2] then return 0 end
        local e = redis.call('XRANGE', KEYS[1], ARGV[3], ARGV[3])
        if e[1] then
          local f = {}
          local fields = e[1][2]
          for i = 1, #fields, 2 do f[fields[i]] = fields[i + 1] end
          local a = tonumber(f['a'] or '0') + tonumber(ARGV[5])
          local id = ARGV[3]
          redis.call('HSET', KEYS[3], id..':k', f['k'], id..':b', f['b'], id..':a', a, id..':t', f['t'] or '0', id..':e', ARGV[6])
          if ARGV[7] == '1' then redis.call('HSET', KEYS[3], id..':f', ARGV[4]) end
          redis.call('ZADD', KEYS[2], ARGV[4], id)
        end
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
        redis.call('XDEL', KEYS[1], ARGV[3])
        return 1
        """;

    /// <summary>Puts a dead letter back into the stream with its attempts reset. KEYS: stream, dead index, dead hash. ARGV: id.</summary>
    internal const string Replay = """
        local id = ARGV[1]
        local v = redis.call('HMGET', KEYS[3], id..':k', id..':b', id..':t')
        if not v[1] then return 0 end
        redis.call('XADD', KEYS[1], '*', 'k', v[1], 'b', v[2], 'a', 0, 't', v[3], 'e', '')
        redis.call('HDEL', KEYS[3], id..':k', id..':b', id..':a', id..':t', id..':e', id..':f')
        redis.call('ZREM', KEYS[2], id)
        return 1
        """;

    /// <summary>Deletes a dead letter. KEYS: dead index, dead hash. ARGV: id.</summary>
    internal const string Delete = """
        local id = ARGV[1]
        local n = redis.call('ZREM', KEYS[1], id)
        redis.call('HDEL', KEYS[2], id..':k', id..':b', id..':a', id..':t', id..':e', id..':f')
        return n
        """;

    /// <summary>Lists dead letters (without bodies). KEYS: dead index, dead hash. ARGV: count.</summary>
    internal const string ListDead = """
        local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
        local out = {}
        for _, id in ipairs(ids) do
          local v = redis.call('HMGET', KEYS[2], id..':k', id..':a', id..':t', id..':e', id..':f')
          table.insert(out, {id, v[1] or '', v[2] or '0', v[3] or '0', v[4] or '', v[5] or '0', redis.call('HSTRLEN', KEYS[2], id..':b')})
        end
        return out
        """;

    /// <summary>
    /// Counts the inbox. KEYS: stream, retry zset, dead index, parked hash. ARGV: group.
    /// Returns {length, pending, scheduled, dead, oldest stream t, oldest parked t}.
    /// </summary>
    internal const string Statistics = """
        local length = redis.call('XLEN', KEYS[1])
        local pending = 0
        local ok, summary = pcall(redis.call, 'XPENDING', KEYS[1], ARGV[1])
        if ok then pending = summary[1] end
        local oldest = '0'
        local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
        if first[1] then
          local fields = first[1][2]
          for i = 1, #fields, 2 do if fields[i] == 't' then oldest = fields[i + 1] end end
        end
        local parkedOldest = '0'
        local due = redis.call('ZRANGE', KEYS[2], 0, 0)
        if due[1] then parkedOldest = redis.call('HGET', KEYS[4], due[1]..':t') or '0' end
        return {length, pending, redis.call('ZCARD', KEYS[2]), redis.call('ZCARD', KEYS[3]), oldest, parkedOldest}
        """;
}
