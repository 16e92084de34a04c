using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Metadata;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// On the metadata node: serves its change log to the followers (<c>GET /v1/meta/changes</c> on the peer port; the
/// request says what the follower has, which is its acknowledgement for <see cref="MetadataAcks"/>), holding a request
/// until there is something new, and trims the log's entries every follower has applied.
/// </summary>
internal sealed partial class MetadataFeed(ObjectEngine engine, MetadataAcks acks, Engine.Data.LocalDataStore store, ReplicationOptions options, ILogger<MetadataFeed> logger)
    : BackgroundService
{
    /// <summary>The SSE-S3 master key, for followers (they read what this node encrypted). Cluster-token only.</summary>
    public const string MasterKeyPath = "/v1/meta/master-key";

    private volatile bool _logKept;
    private long _lastCut;

    public async Task ServeMasterKeyAsync(HttpContext context)
    {
        var key = store.MasterKeyCopy();
        try
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = key.Length;
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.Body.WriteAsync(key, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }

    public async Task ServeAsync(HttpContext context)
    {
        if (ChangesQuery.Parse(context.Request.Query, out var error) is not { } query)
        {
            await TypedResults.Problem(error, statusCode: 400, title: "Bad request").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        var ct = context.RequestAborted;
        if (!_logKept)
        {
            // The first follower: from now on every write is logged (a node on its own keeps no log).
            await engine.EnableChangeLogAsync(ct).ConfigureAwait(false);
            _logKept = true;
        }
        (long Log, long Seq, long Trimmed) before;
        using (var lease = engine.RentReader())
        {
            before = ChangeFeedWriter.Position(lease.Reader.Commands);
        }
        if (!StartsOver(query, before))
        {
            // What the follower has is its acknowledgement: counted before the long poll, which waits for the next commit.
            acks.Acknowledge(query.Node, query.After);
            if (query.After == engine.Changes.Seq && query.WaitMs > 0)
            {
                await engine.Changes.WaitPastAsync(query.After, TimeSpan.FromMilliseconds(query.WaitMs), ct).ConfigureAwait(false);
            }
        }
        context.Response.ContentType = "application/octet-stream";
        using (var lease = engine.RentReader())
        {
            // Decided again inside the feed's snapshot: a trim may have committed meanwhile.
            var fed = await ChangeFeedWriter.WriteAsync(lease.Reader.Commands, query.After, position => StartsOver(query, position), context.Response.Body, ct)
                .ConfigureAwait(false);
            if (fed.Reset)
            {
                acks.StartedOver(query.Node, fed.Seq);
                LogFullCopy(query.Node, query.Log, query.After);
            }
        }
    }

    /// <summary>A copy of another log, behind the trimmed entries, or ahead of this log (a restored backup) starts over.</summary>
    private static bool StartsOver(ChangesQuery query, (long Log, long Seq, long Trimmed) position) =>
        query.Log != position.Log || query.After < position.Trimmed || query.After > position.Seq;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ChangeLogTrimInterval <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.ChangeLogTrimInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await TrimAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogTrimFailed(e);
            }
        }
    }

    /// <summary>Deletes the entries every follower heard from has applied (and any older than the last
    /// <see cref="ReplicationOptions.ChangeLogKeep"/> changes: a follower that far behind starts over).</summary>
    internal async Task<int> TrimAsync(CancellationToken ct)
    {
        var seq = engine.Changes.Seq;
        // Until every known follower has been heard from (this node just started, or one is down) only the oldest go: a
        // follower coming back must not be made to start over for entries it may still need.
        var cut = Math.Max(Math.Min(acks.LeastApplied ?? 0, seq), seq - options.ChangeLogKeep);
        if (cut <= 0 || cut <= _lastCut)
        {
            // Nothing new to trim: no commit (and no fsync) for nothing.
            return 0;
        }
        var deleted = await engine.TrimChangeLogAsync(cut, ct).ConfigureAwait(false);
        _lastCut = cut;
        if (deleted > 0)
        {
            LogTrimmed(deleted, cut);
        }
        return deleted;
    }
}
