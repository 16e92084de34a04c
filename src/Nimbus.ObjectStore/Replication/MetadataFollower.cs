using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.Engine.Metadata;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// On a storage node that is not the metadata node: keeps a copy of the metadata (its own <c>meta.db</c>, inline
/// objects included) by following the metadata node's change feed — ask for what came after the last applied seq,
/// apply it in one transaction, ask again (the next request is the acknowledgement the metadata node's write quorum
/// counts). A copy of another log, or one too far behind, is sent everything and starts over.
/// </summary>
internal sealed partial class MetadataFollower(
    string directory, NodeIdentity identity, IStorageNodeView nodes, IChunkPeers peers, ReplicationOptions options, TimeProvider time, ILogger<MetadataFollower> logger,
    Engine.ObjectEngine? engine = null, Engine.Data.LocalDataStore? store = null)
    : BackgroundService
{
    private readonly TaskCompletionSource _firstCopy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _log;

    /// <summary>Completes once this node's copy has had a feed from the metadata node in this run: from then on it can
    /// serve reads.</summary>
    public Task FirstCopy => _firstCopy.Task;

    /// <summary>The seq of the metadata node's log this copy has applied, and a wait for it to pass a given one (a
    /// write passed on to the metadata node is answered once it is here too: the client reads its own writes).</summary>
    public ChangeSignal Applied { get; } = new(0);

    /// <summary>The metadata node's log this copy follows (0 before the first feed).</summary>
    public long Log => Volatile.Read(ref _log);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await identity.Bound.WaitAsync(stoppingToken).ConfigureAwait(false);
        using var commands = new CommandCache(MetadataDatabase.OpenWriter(directory));
        var applier = new ChangeFeedApplier(commands);
        var (log, applied) = applier.Position();
        // Where the copy stood when this node last ran; it serves reads only after a feed in this run (the metadata
        // node may have changed or started a new log meanwhile).
        Volatile.Write(ref _log, log);
        Applied.Restart(applied);
        string? keyFrom = null;
        var backoff = TimeSpan.FromSeconds(1);
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var leader = nodes.Current.MetadataNode(identity.Id);
            if (leader is null)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
                continue;
            }
            try
            {
                if (store is not null && keyFrom != leader.Id)
                {
                    // SSE-S3 objects are encrypted under the metadata node's master key: reads here need the same one.
                    if (store.AdoptMasterKey(await peers.GetMasterKeyAsync(leader, stoppingToken).ConfigureAwait(false)))
                    {
                        LogKeyAdopted(leader.Id);
                    }
                    keyFrom = leader.Id;
                }
                var query = new ChangesQuery(Applied.Seq, Log, identity.Id, (int)Math.Min(options.MetadataPollWait.TotalMilliseconds, ChangesQuery.MaxWaitMs));
                var result = await peers.ReadChangesAsync(leader, query, applier.ApplyAsync, stoppingToken).ConfigureAwait(false);
                if (result.Reset)
                {
                    LogFullCopy(leader.Id, result.Rows, result.Seq);
                }
                if (result.BucketsChanged && engine is not null)
                {
                    // This node's S3 engine reads buckets from a catalog it loads; the copy's bucket rows just changed.
                    await engine.ReloadCatalogAsync(stoppingToken).ConfigureAwait(false);
                }
                Stand(result.Log, result.Seq);
                if (failing)
                {
                    LogRecovered(leader.Id, result.Seq);
                    failing = false;
                }
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    LogFeedFailed(leader.Id, e.Message);
                    failing = true;
                }
                await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>
    /// Readies a data dir's metadata for its role before the node starts. A follower's: refused
    /// (<see cref="InvalidDataException"/>) when it holds buckets or objects of its own and is not a copy (following
    /// would replace them), and it keeps no change log of its own. The metadata node's: no longer a copy of anything
    /// (so that, opened as a follower again later, what it wrote itself is not mistaken for a copy).
    /// </summary>
    public static void PrepareDataDirectory(string directory, bool follower)
    {
        using var commands = new CommandCache(MetadataDatabase.OpenWriter(directory));
        if (!follower)
        {
            commands.Execute("DELETE FROM meta WHERE name IN ('follows', 'applied')");
            return;
        }
        if (new ChangeFeedApplier(commands).Position().Log == 0
            && commands.Get("SELECT EXISTS(SELECT 1 FROM buckets) OR EXISTS(SELECT 1 FROM versions)").ExecuteScalar() is 1L)
        {
            throw new InvalidDataException(
                $"the object metadata in {directory} holds buckets or objects of its own (this data dir was a metadata node's); a storage node following another one would replace them. Give it an empty --data dir, or run `nimbus up --data` on this one to get at its objects");
        }
        commands.Execute(ChangeLog.DropTriggersSql);
    }

    /// <summary>Where the copy now stands (log 0: no copy yet); wakes the writes waiting for it.</summary>
    internal void Stand(long log, long seq)
    {
        Volatile.Write(ref _log, log);
        if (log != 0)
        {
            _firstCopy.TrySetResult();
        }
        // Last: the writes it wakes look at the log and the first copy too.
        Applied.Restart(seq);
    }
}
