using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// Works off the <see cref="CatchUpQueue"/>: for every node that is alive again, pushes the chunks it missed and
/// deletes the copies released while it was away, removing each entry once the node has acknowledged it. A node that
/// fails is left alone for a doubling backoff (capped at <see cref="ReplicationOptions.MaxBackoff"/>).
/// </summary>
internal sealed partial class CatchUpReplicator(
    CatchUpQueue queue,
    IStorageNodeView nodes,
    IChunkPeers peers,
    ChunkPaths paths,
    ReplicationOptions options,
    TimeProvider time,
    ILogger<CatchUpReplicator> logger) : BackgroundService
{
    private const int Batch = 64;
    private readonly ConcurrentDictionary<string, (long DueTicks, TimeSpan Backoff)> _backoff = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CatchUpInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    LogPassFailed(e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over the queue; returns how many entries were completed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var completed = 0;
        var snapshot = nodes.Current;
        var now = time.GetUtcNow().UtcTicks;
        foreach (var nodeId in queue.Nodes())
        {
            if (!snapshot.TryGet(nodeId, out var node) || !node.Alive
                || (_backoff.TryGetValue(nodeId, out var wait) && wait.DueTicks > now))
            {
                continue;
            }
            var failed = false;
            var done = 0;
            while (!failed)
            {
                var items = queue.Pending(nodeId, Batch);
                if (items.Count == 0)
                {
                    break;
                }
                foreach (var item in items)
                {
                    var ok = item.Operation == CatchUpOperation.Put
                        ? await peers.PutAsync(node, item.ChunkId, paths.FileOf(item.ChunkId), ct).ConfigureAwait(false) != PushResult.Failed
                        : await peers.DeleteAsync(node, item.ChunkId, ct).ConfigureAwait(false);
                    if (!ok)
                    {
                        failed = true;
                        break;
                    }
                    queue.Complete(item);
                    done++;
                }
            }
            completed += done;
            if (failed)
            {
                var backoff = _backoff.TryGetValue(nodeId, out var previous)
                    ? TimeSpan.FromTicks(Math.Min(previous.Backoff.Ticks * 2, options.MaxBackoff.Ticks))
                    : options.CatchUpInterval;
                _backoff[nodeId] = (now + backoff.Ticks, backoff);
                LogNodeFailing(nodeId, backoff);
            }
            else
            {
                _backoff.TryRemove(nodeId, out _);
            }
            if (done > 0)
            {
                LogCaughtUp(nodeId, done);
            }
        }
        return completed;
    }
}
