using System.Text;
using Nimbus.ControlPlane.State;

namespace Nimbus.ControlPlane.Tests.State;

public sealed class SqliteStateStoreTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nimbus-store-").FullName;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
    private SqliteStateStore _store = null!;

    private string DbPath => Path.Combine(_dir, "state.db");

    public Task InitializeAsync()
    {
        _store = SqliteStateStore.Open(DbPath, _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static ReadOnlyMemory<byte> V(string s) => Encoding.UTF8.GetBytes(s);

    private static string S(KeyValue kv) => Encoding.UTF8.GetString(kv.Value.Span);

    [Fact]
    public async Task Put_ThenGet_ReturnsValueWithRevisions()
    {
        var first = await _store.TxnAsync([StoreOp.Put("/a/x", V("1"))], default);
        var second = await _store.TxnAsync([StoreOp.Put("/a/x", V("2"))], default);

        var kv = await _store.GetAsync("/a/x", default);
        Assert.NotNull(kv);
        Assert.Equal("2", S(kv));
        Assert.Equal(first.Revision, kv.CreateRevision);
        Assert.Equal(second.Revision, kv.ModRevision);
        Assert.Equal(second.Revision, _store.Revision);
    }

    [Fact]
    public async Task Txn_WithStaleRevision_ConflictsAndChangesNothing()
    {
        var created = await _store.TxnAsync([StoreOp.Put("/a/x", V("1"), StoreOp.MustNotExist)], default);
        await _store.TxnAsync([StoreOp.Put("/a/x", V("2"), created.Revision)], default);

        var stale = await _store.TxnAsync([StoreOp.Put("/a/y", V("new")), StoreOp.Put("/a/x", V("3"), created.Revision)], default);

        Assert.Equal(TxnStatus.Conflict, stale.Status);
        Assert.Equal("/a/x", stale.FailedKey);
        Assert.Equal("2", S((await _store.GetAsync("/a/x", default))!));
        Assert.Null(await _store.GetAsync("/a/y", default));
    }

    [Fact]
    public async Task Create_WhenKeyExists_Conflicts()
    {
        await _store.TxnAsync([StoreOp.Put("/a/x", V("1"), StoreOp.MustNotExist)], default);
        var again = await _store.TxnAsync([StoreOp.Put("/a/x", V("1"), StoreOp.MustNotExist)], default);
        Assert.Equal(TxnStatus.Conflict, again.Status);
    }

    [Fact]
    public async Task Update_OfMissingKeyWithRevision_IsNotFound()
    {
        var result = await _store.TxnAsync([StoreOp.Put("/a/missing", V("1"), 5)], default);
        Assert.Equal(TxnStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Range_ReturnsOnlyThePrefixInKeyOrder()
    {
        await _store.TxnAsync([StoreOp.Put("/apps/default/b", V("b")), StoreOp.Put("/apps/default/a", V("a")), StoreOp.Put("/appsx/default/c", V("c"))], default);
        var range = await _store.RangeAsync("/apps/", default);
        Assert.Equal(["/apps/default/a", "/apps/default/b"], range.Items.Select(i => i.Key));
        Assert.Equal(_store.Revision, range.Revision);
    }

    [Fact]
    public async Task Watch_ResumesFromARevision_ThenStreamsLiveChanges()
    {
        var r1 = await _store.TxnAsync([StoreOp.Put("/w/a", V("1"))], default);
        var r2 = await _store.TxnAsync([StoreOp.Put("/w/b", V("2"))], default);
        await _store.TxnAsync([StoreOp.Delete("/w/a")], default);
        await _store.TxnAsync([StoreOp.Put("/other/x", V("x"))], default);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<StoreEvent>();
        await using var watch = _store.WatchAsync("/w/", r1.Revision, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);

        var live = await _store.TxnAsync([StoreOp.Put("/w/c", V("3"))], default);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);

        Assert.Equal([(StoreEventType.Put, "/w/b", r2.Revision), (StoreEventType.Delete, "/w/a", r2.Revision + 1), (StoreEventType.Put, "/w/c", live.Revision)],
            seen.Select(e => (e.Type, e.Entry.Key, e.Revision)));
    }

    [Fact]
    public async Task Watch_Live_DeliversEveryOperationOfATransaction()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var watch = _store.WatchAsync("/t/", _store.Revision, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = watch.MoveNextAsync();

        var txn = await _store.TxnAsync([StoreOp.Put("/t/app", V("a")), StoreOp.Put("/t/release", V("r"))], default);

        Assert.True(await first);
        var a = watch.Current;
        Assert.True(await watch.MoveNextAsync());
        var b = watch.Current;
        Assert.Equal(["/t/app", "/t/release"], new[] { a.Entry.Key, b.Entry.Key });
        Assert.All(new[] { a, b }, e => Assert.Equal(txn.Revision, e.Revision));
    }

    [Fact]
    public async Task Watch_ConcurrentWriters_EveryChangeArrivesInRevisionOrder()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var start = _store.Revision;
        var seen = new List<long>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in _store.WatchAsync("/c/", start, cts.Token))
            {
                seen.Add(e.Revision);
                if (seen.Count == 200)
                {
                    return;
                }
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await _store.TxnAsync([StoreOp.Put($"/c/{w}", V(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))], default);
            }
        })));
        await watching;

        Assert.Equal(200, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(200, seen.Distinct().Count());
    }

    [Fact]
    public async Task State_SurvivesReopen()
    {
        await _store.TxnAsync([StoreOp.Put("/a/x", V("kept"))], default);
        var revision = _store.Revision;
        await _store.DisposeAsync();

        _store = SqliteStateStore.Open(DbPath, _time);
        Assert.Equal(revision, _store.Revision);
        Assert.Equal("kept", S((await _store.GetAsync("/a/x", default))!));
    }

    [Fact]
    public async Task Watch_FromCompactedRevision_Throws()
    {
        await _store.DisposeAsync();
        _store = SqliteStateStore.Open(DbPath, _time, new StateStoreOptions { HistoryLimit = 10 });
        for (var i = 0; i < 300; i++)
        {
            await _store.TxnAsync([StoreOp.Put("/c/k", V(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))], default);
        }
        await Assert.ThrowsAsync<RevisionCompactedException>(async () =>
        {
            await foreach (var _ in _store.WatchAsync("/", 1, CancellationToken.None))
            {
            }
        });
    }

    [Fact]
    public async Task Lease_WhenNotKeptAlive_ExpiresAndDeletesItsKeys()
    {
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(10), default);
        await _store.TxnAsync([StoreOp.Put("/leader", V("me"), lease: lease), StoreOp.Put("/other", V("stays"))], default);

        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.True(await _store.KeepAliveAsync(lease, default));
        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal(0, await _store.ExpireLeasesAsync(default));
        Assert.NotNull(await _store.GetAsync("/leader", default));

        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await _store.ExpireLeasesAsync(default));
        Assert.Null(await _store.GetAsync("/leader", default));
        Assert.NotNull(await _store.GetAsync("/other", default));
        Assert.False(await _store.KeepAliveAsync(lease, default));
    }

    [Fact]
    public void Schema_IsVersion1()
    {
        // Frozen: bump only together with a migration of existing data directories.
        Assert.Equal(1, SqliteStateStore.SchemaVersion);
    }
}
