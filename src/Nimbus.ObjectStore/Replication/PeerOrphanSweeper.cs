using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// Deletes chunk copies on the other storage nodes that no metadata refers to — left by a metadata node that crashed
/// between pushing a chunk's copies and committing its object (the local startup sweep only sees this node's files).
/// Runs on the node that holds the metadata, some minutes after start and then every
/// <see cref="ReplicationOptions.PeerSweepInterval"/>. A copy is deleted only when it is older than
/// <see cref="ReplicationOptions.OrphanGrace"/>, is not being staged here, and is still unreferenced in a second look
/// at the metadata taken after the listing: a write that commits while the sweep runs keeps its chunks. Ages are the
/// peer's own (its clock is never compared with this one). Metadata that refers to no chunk at all while the peers hold
/// some deletes nothing and says so: that is an emptied or replaced metadata database, not a crash.
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
    /// <summary>With metadata that refers to no chunk, more unknown copies than this on the peers stop the sweep.</summary>
    private const int MaxUnknownWithEmptyMetadata = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.PeerSweepInterval <= TimeSpan.Zero || options.OrphanGrace < TimeSpan.FromMinutes(1))
        {
            LogSweepDisabled(options.PeerSweepInterval, options.OrphanGrace);
            return;
        }
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
                catch (Exception e)
                {
                    if (stoppingToken.IsCancellationRequested)
                    {
                        return; // stopping: whatever a sweep cut short says nothing
                    }
                    // Whatever went wrong, the S3 node keeps serving; the next sweep tries again.
                    LogSweepFailed(e);
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
        var grace = (long)options.OrphanGrace.TotalMilliseconds;
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
                    if (chunk.AgeMs >= grace && !referenced.Contains(chunk.Id))
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
        if (referenced.Count == 0 && candidates.Count > MaxUnknownWithEmptyMetadata)
        {
            LogEmptyMetadata(candidates.Count);
            candidates.Clear();
        }
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
}
