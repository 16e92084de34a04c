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
/// peer's own (its clock is never compared with this one). A sweep that would delete most of a node's copies deletes
/// none of them and says so: that looks like metadata from another cluster or an emptied data directory, not a crash.
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
    /// <summary>A node is left alone when more than this share of its copies (and more than <see cref="MinSuspicious"/>) look orphaned.</summary>
    private const double MaxOrphanShare = 0.5;
    private const int MinSuspicious = 16;

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
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
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
                long held = 0;
                var found = new List<(StorageNodeInfo, string)>();
                await foreach (var chunk in peers.ListAsync(node, ct).ConfigureAwait(false))
                {
                    held++;
                    if (chunk.AgeMs >= grace && !referenced.Contains(chunk.Id))
                    {
                        found.Add((node, chunk.Id));
                    }
                }
                listed += held;
                listedNodes++;
                if (found.Count > MinSuspicious && found.Count > held * MaxOrphanShare)
                {
                    LogTooManyOrphans(node.Id, found.Count, held);
                }
                else
                {
                    candidates.AddRange(found);
                }
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
}
