using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Valuation.Webhooks.Deduplication;
using StackExchange.Redis;

namespace Valuation.Webhooks.Redis;

/// <summary>
/// An <see cref="IMessageDeduplicationStore"/> shared by every instance of a webhook receiver through Redis: of any
/// number of concurrent deliveries of one message, on any number of machines, exactly one is
/// <see cref="ClaimStatus.Claimed"/>.
/// </summary>
/// <remarks>
/// <para>A claim is <c>SET key "processing:{token}" NX PX lease</c>, with a fresh random owner token per claim,
/// carried by the returned <see cref="MessageClaim"/>; renewal, completion and release are compare-and-set Lua
/// scripts on that token, so a delivery whose claim expired can neither extend, mark nor delete the claim another
/// delivery took since.</para>
/// <para>Message keys are length-limited: a key longer than 128 characters, or with anything but printable
/// ASCII, is stored as its SHA-256, so a hostile message id cannot create huge Redis keys.</para>
/// <para>Redis failures surface as StackExchange.Redis's <see cref="RedisException"/> types
/// (<see cref="RedisConnectionException"/>, <see cref="RedisTimeoutException"/>, ...), after up to the connection's
/// <c>syncTimeout</c> in its reconnect backlog: a receiver should answer the sender with an error so that it
/// redelivers later, and never process a message it did not claim. The cancellation token abandons the wait; a claim whose
/// command still succeeds after its caller cancelled is given back at once.</para>
/// <para>Thread-safe. Create one per application and share it.</para>
/// </remarks>
public sealed partial class RedisMessageDeduplicationStore : IMessageDeduplicationStore, IAsyncDisposable, IDisposable
{
    private readonly IConnectionMultiplexer? _sharedMultiplexer;
    private readonly Lazy<Task<ConnectionMultiplexer>>? _ownedMultiplexer;
    private readonly int _database;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>Initializes a store over an existing connection, which the caller keeps owning (and disposes).</summary>
    /// <param name="multiplexer">The Redis connection, such as one the application already shares.</param>
    /// <param name="options">The key prefix and database; <see cref="RedisDeduplicationOptions.Configuration"/> is ignored. Defaults when null.</param>
    /// <param name="logger">Logs lost claims; nothing when null.</param>
    /// <exception cref="ArgumentException">The options break a rule (the message says which).</exception>
    public RedisMessageDeduplicationStore(
        IConnectionMultiplexer multiplexer,
        RedisDeduplicationOptions? options = null,
        ILogger<RedisMessageDeduplicationStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        options ??= new RedisDeduplicationOptions();
        ThrowIfInvalid(options);
        _sharedMultiplexer = multiplexer;
        KeyPrefix = options.KeyPrefix;
        _database = options.Database;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Initializes a store that opens (on first use) and owns its own connection from
    /// <see cref="RedisDeduplicationOptions.Configuration"/>, and closes it when disposed. The connection retries in
    /// the background: an unreachable Redis makes calls fail with <see cref="RedisConnectionException"/>, not the
    /// constructor.
    /// </summary>
    /// <param name="options">The connection string, key prefix and database.</param>
    /// <param name="logger">Logs lost claims; nothing when null.</param>
    /// <exception cref="ArgumentException">The options break a rule (the message says which, never the password).</exception>
    public RedisMessageDeduplicationStore(RedisDeduplicationOptions options, ILogger<RedisMessageDeduplicationStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid(options);
        if (string.IsNullOrWhiteSpace(options.Configuration) || !RedisDeduplicationOptions.TryParse(options.Configuration, out var configuration))
        {
            throw new ArgumentException(
                "RedisDeduplicationOptions.Configuration must be a valid StackExchange.Redis configuration string such as '127.0.0.1:6379' (its content is not shown because it may hold a password).",
                nameof(options));
        }

        // Keep retrying in the background instead of failing the first call for good when Redis starts after us.
        configuration.AbortOnConnectFail = false;
        _ownedMultiplexer = new Lazy<Task<ConnectionMultiplexer>>(
            () => ConnectionMultiplexer.ConnectAsync(configuration),
            LazyThreadSafetyMode.ExecutionAndPublication);
        KeyPrefix = options.KeyPrefix;
        _database = options.Database;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the prefix of every Redis key this store writes.</summary>
    public string KeyPrefix { get; }

    /// <summary>Sends Redis a <c>PING</c> over the store's connection (for health checks).</summary>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>The round trip as Redis measured it.</returns>
    /// <exception cref="RedisException">Redis could not be reached or failed the command.</exception>
    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        IDatabase database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await database.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lease"/> is not positive.</exception>
    /// <exception cref="RedisException">Redis could not be reached or failed the command.</exception>
    public async ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var milliseconds = ToMilliseconds(lease);
        cancellationToken.ThrowIfCancellationRequested();

        var owned = MessageClaim.CreateNew(key);
        string redisKey = DeduplicationKey.Build(KeyPrefix, key);
        string claimValue = ClaimValue(owned);
        IDatabase database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        Task<RedisResult> claim = database.ScriptEvaluateAsync(RedisScripts.Claim, [redisKey], [claimValue, milliseconds]);

        RedisResult result;
        try
        {
            result = await claim.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The command may still succeed; nobody would complete that claim, so give it back when it does.
            _ = ReleaseAbandonedClaimAsync(claim, database, redisKey, claimValue);
            throw;
        }

        return (int)result switch
        {
            0 => ClaimResult.Claimed(owned),
            2 => ClaimResult.AlreadyProcessed,
            _ => ClaimResult.InProgress,
        };
    }

    /// <inheritdoc />
    /// <remarks>A compare-and-set in Lua: <c>PEXPIRE</c> only while the key still holds this claim's token.</remarks>
    /// <exception cref="RedisException">Redis could not be reached or failed the command.</exception>
    public async ValueTask<bool> RenewAsync(MessageClaim claim, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var milliseconds = ToMilliseconds(lease);
        IDatabase database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        RedisResult renewed = await database
            .ScriptEvaluateAsync(RedisScripts.Renew, [DeduplicationKey.Build(KeyPrefix, claim.Key)], [ClaimValue(claim), milliseconds])
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
        return (int)renewed == 1;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Writes <c>done</c> only while the key still holds this claim's token, or nobody holds it (the claim expired and
    /// was not taken again). If another delivery took the key since, its claim is left alone, false is returned and
    /// a warning is logged.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is not positive.</exception>
    /// <exception cref="RedisException">Redis could not be reached or failed the command; the claim expires by its lease.</exception>
    public async ValueTask<bool> CompleteAsync(MessageClaim claim, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var milliseconds = ToMilliseconds(retention);
        cancellationToken.ThrowIfCancellationRequested();
        string redisKey = DeduplicationKey.Build(KeyPrefix, claim.Key);
        IDatabase database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        RedisResult written = await database
            .ScriptEvaluateAsync(RedisScripts.Complete, [redisKey], [ClaimValue(claim), milliseconds])
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
        if ((int)written == 0)
        {
            LogCompletionSkipped(_logger, redisKey);
            return false;
        }

        return true;
    }

    /// <inheritdoc />
    /// <remarks>Deletes the key only while it still holds this claim's token (a compare-and-delete in Lua).</remarks>
    /// <exception cref="RedisException">Redis could not be reached or failed the command; the claim then expires by its lease.</exception>
    public async ValueTask<bool> ReleaseAsync(MessageClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        cancellationToken.ThrowIfCancellationRequested();
        string redisKey = DeduplicationKey.Build(KeyPrefix, claim.Key);
        IDatabase database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        RedisResult deleted = await database
            .ScriptEvaluateAsync(RedisScripts.Release, [redisKey], [ClaimValue(claim)])
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
        if ((int)deleted == 0)
        {
            LogReleaseSkipped(_logger, redisKey);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Closes the connection if this store opened it; a shared multiplexer is left to its owner. Later calls throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        // Idempotent: a container that resolved the store under two service types disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownedMultiplexer is { IsValueCreated: true })
        {
            ConnectionMultiplexer multiplexer = await _ownedMultiplexer.Value.ConfigureAwait(false);
            await multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection if this store opened it; a shared multiplexer is left to its owner.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownedMultiplexer is { IsValueCreated: true })
        {
            _ownedMultiplexer.Value.GetAwaiter().GetResult().Dispose();
        }
    }

    private static string ClaimValue(MessageClaim claim) => RedisScripts.ProcessingPrefix + claim.Token;

    private static void ThrowIfInvalid(RedisDeduplicationOptions options)
    {
        string? failure = RedisDeduplicationOptionsValidator.ValidateShape(options).FirstOrDefault();
        if (failure is not null)
        {
            throw new ArgumentException(failure, nameof(options));
        }
    }

    private static long ToMilliseconds(TimeSpan duration, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(duration))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero, name);
        return Math.Max(1L, (long)Math.Ceiling(duration.TotalMilliseconds));
    }

    private async ValueTask<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_sharedMultiplexer is not null)
        {
            return _sharedMultiplexer.GetDatabase(_database);
        }

        ConnectionMultiplexer multiplexer = await _ownedMultiplexer!.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return multiplexer.GetDatabase(_database);
    }

    private async Task ReleaseAbandonedClaimAsync(Task<RedisResult> claim, IDatabase database, string redisKey, string claimValue)
    {
        try
        {
            if ((int)await claim.ConfigureAwait(false) == 0)
            {
                await database.ScriptEvaluateAsync(RedisScripts.Release, [redisKey], [claimValue]).ConfigureAwait(false);
            }
        }
        catch (RedisException exception)
        {
            // The claim then expires by its processing timeout; nothing else is lost.
            LogAbandonedClaimNotReleased(_logger, redisKey, exception);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "De-duplication key {RedisKey} was not marked processed: this instance's claim expired and another instance claimed the message again. Its lease passed without renewal (the process stalled or lost Redis).")]
    private static partial void LogCompletionSkipped(ILogger logger, string redisKey);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "De-duplication key {RedisKey} was not released: this instance's claim had expired (and may have been taken by another instance). Its lease passed without renewal (the process stalled or lost Redis).")]
    private static partial void LogReleaseSkipped(ILogger logger, string redisKey);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "De-duplication key {RedisKey}: a claim whose caller cancelled could not be given back; it expires by its lease.")]
    private static partial void LogAbandonedClaimNotReleased(ILogger logger, string redisKey, Exception exception);
}
