using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Nimbus.ControlPlane.State;

/// <summary>The default state store: one SQLite file in WAL mode with one writer. Every change gets the
/// next global revision and a row in the change log (what watches replay); the log is compacted to the
/// newest <see cref="StateStoreOptions.HistoryLimit"/> changes.</summary>
internal sealed partial class SqliteStateStore : IStateStore
{
    /// <summary>Frozen by <c>SqliteStateStoreTests.Schema_IsVersion1</c>: change it only with a migration.</summary>
    internal const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private readonly StateStoreOptions _options;
    private readonly WatchHub _hub = new();
    private long _revision;
    private long _compacted;

    private SqliteStateStore(SqliteConnection connection, TimeProvider time, StateStoreOptions options)
    {
        _connection = connection;
        _time = time;
        _options = options;
    }

    public long Revision => Volatile.Read(ref _revision);

    public long CompactedRevision => Volatile.Read(ref _compacted);

    public static SqliteStateStore Open(string path, TimeProvider time, StateStoreOptions? options = null)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        var store = new SqliteStateStore(connection, time, options ?? new StateStoreOptions());
        store.Initialise();
        return store;
    }

    private void Initialise()
    {
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;");
        Execute("""
            CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS kv(key TEXT PRIMARY KEY, value BLOB NOT NULL, create_rev INTEGER NOT NULL, mod_rev INTEGER NOT NULL, lease INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS kv_by_lease ON kv(lease) WHERE lease <> 0;
            CREATE TABLE IF NOT EXISTS changes(seq INTEGER PRIMARY KEY, rev INTEGER NOT NULL, type INTEGER NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, create_rev INTEGER NOT NULL, lease INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS changes_by_rev ON changes(rev);
            CREATE TABLE IF NOT EXISTS leases(id INTEGER PRIMARY KEY, ttl_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL);
            """);
        var schema = ReadMeta("schema");
        if (schema is null)
        {
            WriteMeta("schema", SchemaVersion);
        }
        else if (schema != SchemaVersion)
        {
            throw new InvalidOperationException($"state store schema is version {schema}; this Nimbus reads version {SchemaVersion}. Use a matching Nimbus or a new --data directory.");
        }
        _revision = ReadMeta("revision") ?? 0;
        _compacted = ReadMeta("compacted") ?? 0;
    }

    public ValueTask<KeyValue?> GetAsync(string key, CancellationToken cancellationToken) =>
        LockedAsync(() => ReadKey(key), cancellationToken);

    public ValueTask<RangeResult> RangeAsync(string prefix, CancellationToken cancellationToken) => LockedAsync(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT key, value, create_rev, mod_rev, lease FROM kv WHERE key >= $p AND key < $end ORDER BY key";
        command.Parameters.AddWithValue("$p", prefix);
        command.Parameters.AddWithValue("$end", PrefixEnd(prefix));
        var items = new List<KeyValue>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            items.Add(ReadRow(reader));
        }
        return new RangeResult(items, _revision);
    }, cancellationToken);

    public async ValueTask<TxnResult> TxnAsync(IReadOnlyList<StoreOp> operations, CancellationToken cancellationToken)
    {
        if (operations.Count == 0)
        {
            return new TxnResult(TxnStatus.Ok, Revision);
        }
        long committed;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = new Dictionary<string, KeyValue?>(StringComparer.Ordinal);
            foreach (var op in operations)
            {
                if (!current.TryGetValue(op.Key, out var existing))
                {
                    existing = ReadKey(op.Key);
                    current[op.Key] = existing;
                }
                var failure = Check(op, existing);
                if (failure is { } status)
                {
                    return new TxnResult(status, existing?.ModRevision ?? 0, op.Key);
                }
            }

            var revision = _revision + 1;
            var events = new List<StoreEvent>(operations.Count);
            using var transaction = _connection.BeginTransaction();
            foreach (var op in operations)
            {
                var existing = current[op.Key];
                if (op.Type == StoreOpType.Put)
                {
                    var entry = new KeyValue(op.Key, op.Value.ToArray(), existing?.CreateRevision ?? revision, revision, op.Lease);
                    WriteKey(transaction, entry);
                    current[op.Key] = entry;
                    events.Add(new StoreEvent(StoreEventType.Put, entry, revision));
                }
                else if (existing is not null)
                {
                    DeleteKey(transaction, op.Key);
                    current[op.Key] = null;
                    var last = existing with { ModRevision = revision };
                    events.Add(new StoreEvent(StoreEventType.Delete, last, revision));
                }
            }
            foreach (var e in events)
            {
                AppendChange(transaction, e);
            }
            WriteMeta("revision", revision, transaction);
            transaction.Commit();
            // Publish under the gate and before the revision moves: watchers see changes in revision order, and
            // whoever reads Revision == R knows every change up to R has been handed to the watchers.
            _hub.Publish(events);
            _revision = committed = revision;
            CompactIfNeeded();
        }
        finally
        {
            _gate.Release();
        }
        return new TxnResult(TxnStatus.Ok, committed);
    }

    private static TxnStatus? Check(StoreOp op, KeyValue? existing) => op.ExpectedRevision switch
    {
        StoreOp.Any => null,
        StoreOp.MustNotExist => existing is null ? null : TxnStatus.Conflict,
        _ when existing is null => TxnStatus.NotFound,
        _ when existing.ModRevision != op.ExpectedRevision => TxnStatus.Conflict,
        _ => null,
    };

    public async IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribe before reading history so nothing committed in between is missed; duplicates are skipped by revision.
        var subscription = _hub.Subscribe(prefix, _options.WatchBuffer);
        try
        {
            List<StoreEvent> history;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (afterRevision < _compacted)
                {
                    throw new RevisionCompactedException(afterRevision, _compacted);
                }
                history = ReadChanges(prefix, afterRevision);
            }
            finally
            {
                _gate.Release();
            }
            // Live events up to the end of the replayed history are duplicates; after it, every event counts —
            // including several that share one revision (the operations of one transaction).
            var historyEnd = afterRevision;
            foreach (var e in history)
            {
                historyEnd = e.Revision;
                yield return e;
            }
            await foreach (var e in subscription.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (e.Revision > historyEnd)
                {
                    yield return e;
                }
            }
        }
        finally
        {
            _hub.Unsubscribe(subscription);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _hub.CompleteAll();
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="body"/> holding the one connection: SQLite here has one writer and one reader at a time.</summary>
    private async ValueTask<T> LockedAsync<T>(Func<T> body, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return body();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string PrefixEnd(string prefix) => prefix + '\uffff';

    private void CompactIfNeeded()
    {
        var floor = _revision - _options.HistoryLimit;
        if (floor <= _compacted || _revision % 256 != 0)
        {
            return;
        }
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM changes WHERE rev <= $floor";
        command.Parameters.AddWithValue("$floor", floor);
        command.ExecuteNonQuery();
        _compacted = floor;
        WriteMeta("compacted", floor);
    }
}
