using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Metadata;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// On the metadata node: serves its change log to the followers (<c>GET /v1/meta/changes</c> on the peer port; the
/// request says what the follower has, which is its acknowledgement for <see cref="MetadataAcks"/>), holding a request
/// until there is something new, and trims the log's tombstones every follower has applied.
/// </summary>
internal sealed partial class MetadataFeed(ObjectEngine engine, MetadataAcks acks, Engine.Data.LocalDataStore store, ReplicationOptions options, ILogger<MetadataFeed> logger)
    : BackgroundService
{
    /// <summary>The SSE-S3 master key, for followers (they read what this node encrypted). Cluster-token only.</summary>
    public const string MasterKeyPath = "/v1/meta/master-key";

    private long _log;

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
        var log = Volatile.Read(ref _log);
        if (log == 0)
        {
            using var lease = engine.RentReader();
            log = ChangeFeedWriter.Position(lease.Reader.Commands).Log;
            Volatile.Write(ref _log, log);
        }
        if (query.Log == log)
        {
            acks.Acknowledge(query.Node, query.After);
            if (query.After == engine.Changes.Seq && query.WaitMs > 0)
            {
                await engine.Changes.WaitPastAsync(query.After, TimeSpan.FromMilliseconds(query.WaitMs), ct).ConfigureAwait(false);
            }
        }
        else
        {
            acks.Forget(query.Node);
        }
        context.Response.ContentType = "application/octet-stream";
        using (var lease = engine.RentReader())
        {
            var commands = lease.Reader.Commands;
            var position = ChangeFeedWriter.Position(commands);
            // A copy of another log, behind the trimmed tombstones, or ahead of this log (a restored backup) starts over.
            var reset = query.Log != position.Log || query.After < position.Trimmed || query.After > position.Seq;
            if (reset)
            {
                LogFullCopy(query.Node, query.Log, query.After);
            }
            await ChangeFeedWriter.WriteAsync(commands, position.Log, query.After, reset, context.Response.Body, ct).ConfigureAwait(false);
        }
    }

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

    /// <summary>Deletes the tombstones every follower heard from has applied (and any older than the last
    /// <see cref="ReplicationOptions.ChangeLogKeep"/> changes: a follower that far behind starts over).</summary>
    internal async Task<int> TrimAsync(CancellationToken ct)
    {
        var seq = engine.Changes.Seq;
        var cut = Math.Max(Math.Min(acks.LeastApplied ?? seq, seq), seq - options.ChangeLogKeep);
        var deleted = await engine.TrimChangeLogAsync(cut, ct).ConfigureAwait(false);
        if (deleted > 0)
        {
            LogTrimmed(deleted, cut);
        }
        return deleted;
    }

    [LoggerMessage(EventId = 4931, Level = LogLevel.Information, Message = "Storage node {Node} gets a full copy of the metadata (it had log {Log} up to {After})")]
    private partial void LogFullCopy(string node, long log, long after);

    [LoggerMessage(EventId = 4932, Level = LogLevel.Information, Message = "Trimmed {Deleted} tombstones of the metadata change log up to seq {Cut}")]
    private partial void LogTrimmed(int deleted, long cut);

    [LoggerMessage(EventId = 4933, Level = LogLevel.Warning, Message = "Trimming the metadata change log failed; the next round tries again")]
    private partial void LogTrimFailed(Exception exception);
}
