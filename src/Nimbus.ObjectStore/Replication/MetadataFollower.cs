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
    string directory, NodeIdentity identity, IStorageNodeView nodes, IChunkPeers peers, ReplicationOptions options, TimeProvider time, ILogger<MetadataFollower> logger)
    : BackgroundService
{
    private long _applied;
    private long _log;

    /// <summary>The seq of the metadata node's log this copy has applied.</summary>
    public long Applied => Volatile.Read(ref _applied);

    /// <summary>The metadata node's log this copy follows (0 before the first feed).</summary>
    public long Log => Volatile.Read(ref _log);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await identity.Bound.WaitAsync(stoppingToken).ConfigureAwait(false);
        using var commands = new CommandCache(MetadataDatabase.OpenWriter(directory));
        var applier = new ChangeFeedApplier(commands);
        (_log, _applied) = applier.Position();
        var backoff = TimeSpan.FromSeconds(1);
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var leader = Leader();
            if (leader is null)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
                continue;
            }
            try
            {
                var query = new ChangesQuery(Applied, Log, identity.Id, (int)Math.Min(options.MetadataPollWait.TotalMilliseconds, ChangesQuery.MaxWaitMs));
                var result = await peers.ReadChangesAsync(leader, query, applier.ApplyAsync, stoppingToken).ConfigureAwait(false);
                if (result.Reset)
                {
                    LogFullCopy(leader.Id, result.Rows, result.Seq);
                }
                Volatile.Write(ref _log, result.Log);
                Volatile.Write(ref _applied, result.Seq);
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

    private StorageNodeInfo? Leader()
    {
        StorageNodeInfo? leader = null;
        foreach (var node in nodes.Current.Nodes.Values)
        {
            if (node.Metadata && node.Alive && node.Id != identity.Id && (leader is null || string.CompareOrdinal(node.Id, leader.Id) < 0))
            {
                leader = node;
            }
        }
        return leader;
    }

    [LoggerMessage(EventId = 4934, Level = LogLevel.Information, Message = "Copied the whole metadata from {Leader}: {Rows} rows, now at seq {Seq}")]
    private partial void LogFullCopy(string leader, long rows, long seq);

    [LoggerMessage(EventId = 4935, Level = LogLevel.Warning, Message = "Following the metadata of {Leader} failed ({Reason}); retrying with backoff, the copy stays as it was")]
    private partial void LogFeedFailed(string leader, string reason);

    [LoggerMessage(EventId = 4936, Level = LogLevel.Information, Message = "Following the metadata of {Leader} again, at seq {Seq}")]
    private partial void LogRecovered(string leader, long seq);
}
