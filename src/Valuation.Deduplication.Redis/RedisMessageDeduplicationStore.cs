using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Shared.Signing.Deduplication;
using StackExchange.Redis;

namespace Valuation.Deduplication.Redis;

/// <summary>
/// An <see cref="IMessageDeduplicationStore"/> shared by every instance of a webhook receiver through Redis: of any
/// number of concurrent deliveries of one message, on any number of machines, exactly one is
/// <see cref="DeduplicationClaim.Claimed"/>.
/// </summary>
/// <remarks>
/// <para>A claim is <c>SET key "processing:{token}" NX PX timeout</c>, with a fresh random token per claim; completion
/// and release are compare-and-set / compare-and-delete Lua scripts on that token, so an instance whose claim
/// expired (it was slower than the processing timeout) can neither mark nor delete the claim another instance took
/// since. This instance remembers its own tokens by key; completing or releasing a key it does not hold changes
/// nothing that another owner holds.</para>
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
    private readonly ConcurrentDictionary<string, string> _claims = new(StringComparer.Ordinal);
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

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="processingTimeout"/> is not positive.</exception>
    /// <exception cref="RedisException">Redis could not be reached or failed the command.</exception>
    public async ValueTask<DeduplicationClaim> TryClaimAsync(string key, TimeSpan processingTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var timeout = ToMilliseconds(processingTimeout);
        cancellationToken.ThrowIfCancellationRequested();

        string redisKey = DeduplicationKey.Build(KeyPrefix, key);
        string claimValue = RedisScripts.ProcessingPrefix + Guid.NewGuid().ToString("N");
        IDatabase database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        Task<RedisResult> claim = database.ScriptEvaluateAsync(RedisScripts.Claim, [redisKey], [claimValue, timeout]);

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

        switch ((int)result)
        {
            case 0:
                _claims[redisKey] = claimValue;
                return DeduplicationClaim.Claimed;
            case 2:
                return DeduplicationClaim.AlreadyProcessed;
            default:
                return DeduplicationClaim.InProgress;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Writes <c>done</c> only while this instance still holds the claim, or nobody does (the claim expired and was
    /// not taken again). If another instance took the claim after this one's expired, its claim is left alone and a
    /// warning is logged: the processing timeout was shorter than the handler.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is not positive.</exception>
    /// <exception cref="RedisException">Redis could not be reached or failed the command; the claim is kept so the call can be retried.</exception>
    public async ValueTask CompleteAsync(string key, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var milliseconds = ToMilliseconds(retention);
        cancellationToken.ThrowIfCancellationRequested();

        string redisKey = DeduplicationKey.Build(KeyPrefix, key);
        _claims.TryGetValue(redisKey, out string? claimValue);
        IDatabase database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        RedisResult written = await database
            .ScriptEvaluateAsync(RedisScripts.Complete, [redisKey], [claimValue ?? string.Empty, milliseconds])
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
        if (claimValue is not null)
        {
            _claims.TryRemove(KeyValuePair.Create(redisKey, claimValue));
        }

        if ((int)written == 0)
        {
            LogCompletionSkipped(_logger, redisKey);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Deletes the key only while it still holds this instance's claim token. A key this instance never claimed, or
    /// whose claim expired and was taken by another instance, or that is already processed, is left alone.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or empty.</exception>
    /// <exception cref="RedisException">Redis could not be reached or failed the command; the claim then expires by its timeout.</exception>
    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();

        string redisKey = DeduplicationKey.Build(KeyPrefix, key);
        if (!_claims.TryGetValue(redisKey, out string? claimValue))
        {
            return;
        }

        IDatabase database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        RedisResult deleted = await database
            .ScriptEvaluateAsync(RedisScripts.Release, [redisKey], [claimValue])
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
        _claims.TryRemove(KeyValuePair.Create(redisKey, claimValue));
        if ((int)deleted == 0)
        {
            LogReleaseSkipped(_logger, redisKey);
        }
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

    /// <summary>Gets the number of claims this instance holds and has not completed or released (for tests and diagnostics).</summary>
    internal int HeldClaimCount => _claims.Count;

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
        Message = "De-duplication key {RedisKey} was not marked processed: this instance's claim expired and another instance claimed the message again. Raise the processing timeout above the handler's longest run.")]
    private static partial void LogCompletionSkipped(ILogger logger, string redisKey);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "De-duplication key {RedisKey} was not released: this instance's claim had expired (and may have been taken by another instance). Raise the processing timeout above the handler's longest run.")]
    private static partial void LogReleaseSkipped(ILogger logger, string redisKey);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "De-duplication key {RedisKey}: a claim whose caller cancelled could not be given back; it expires by its processing timeout.")]
    private static partial void LogAbandonedClaimNotReleased(ILogger logger, string redisKey, Exception exception);
}
