using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// Deletes chunk copies on the other storage nodes that no metadata refers to — left by a metadata node that crashed
/// between pushing a chunk's copies and committing its object (the local startup sweep only sees this node's files).
/// Runs on the node that holds the metadata, some minutes after start and then every
/// <see cref="ReplicationOptions.PeerSweepInterval"/>. A copy is deleted only when it is older than
/// <see cref="ReplicationOptions.OrphanGrace"/>, is not being staged here, and is still unreferenced in a second look
/// at the metadata taken after the listing: a write that commits while the sweep runs keeps its chunks.
/// </summary>
internal sealed partial class PeerOrphanSweeper(
    Func<ISet<string>> referencedChunks,
    Func<string, bool> inProgress,
    NodeIdentity self,
    IStorageNodeView nodes,
    IChunkPeers peers,
    ReplicationOptions options,
    TimeProvider time,
    ILogger<PeerOrphanSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(options.PeerSweepFirstDelay, time, stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(options.PeerSweepInterval, time);
            do
            {
                try
                {
                    await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
                {
                    LogSweepFailed(e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One sweep over every live peer.</summary>
    public async Task<PeerSweepReport> SweepOnceAsync(CancellationToken ct)
    {
        var referenced = referencedChunks();
        var cutoff = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)options.OrphanGrace.TotalMilliseconds;
        var candidates = new List<(StorageNodeInfo Node, string Chunk)>();
        var failed = new List<string>();
        var listedNodes = 0;
        long listed = 0;
        foreach (var node in nodes.Current.Nodes.Values)
        {
            if (node.Id == self.Id || !node.Alive)
            {
                continue;
            }
            try
            {
                await foreach (var chunk in peers.ListAsync(node, ct).ConfigureAwait(false))
                {
                    listed++;
                    if (chunk.ModifiedMs < cutoff && !referenced.Contains(chunk.Id))
                    {
                        candidates.Add((node, chunk.Id));
                    }
                }
                listedNodes++;
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                failed.Add(node.Id);
                LogNodeFailed(node.Id, e.Message);
            }
        }

        var deleted = 0;
        if (candidates.Count > 0)
        {
            // Staged-but-uncommitted chunks first, then the metadata again: a chunk committed since the first look is
            // either still in progress at this check or in the second set.
            candidates.RemoveAll(c => inProgress(c.Chunk));
            var now = referencedChunks();
            foreach (var (node, chunk) in candidates)
            {
                if (!now.Contains(chunk) && await peers.DeleteAsync(node, chunk, ct).ConfigureAwait(false))
                {
                    deleted++;
                }
            }
        }
        if (deleted > 0 || failed.Count > 0)
        {
            LogSwept(listedNodes, listed, deleted, failed.Count);
        }
        return new PeerSweepReport(listedNodes, listed, deleted, failed);
    }

    [LoggerMessage(EventId = 4993, Level = LogLevel.Information, Message = "Orphan sweep of {Nodes} storage nodes: {Listed} chunk copies, {Deleted} orphans deleted, {Failed} nodes not reached")]
    private partial void LogSwept(int nodes, long listed, int deleted, int failed);

    [LoggerMessage(EventId = 4994, Level = LogLevel.Warning, Message = "Orphan sweep: storage node {Node} could not be listed ({Reason}); its orphans wait for the next sweep")]
    private partial void LogNodeFailed(string node, string reason);

    [LoggerMessage(EventId = 4995, Level = LogLevel.Warning, Message = "An orphan sweep of the peers failed ({Reason}); the next one tries again")]
    private partial void LogSweepFailed(string reason);
}
