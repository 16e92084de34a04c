using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nimbus.Api.Security;
using Nimbus.Api.Telemetry;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// The peer listener's chunk API, for other storage nodes (bearer token: the cluster token):
/// <c>PUT /v1/chunks/{id}</c> (the whole chunk file, verified before it is kept; idempotent),
/// <c>GET</c>/<c>HEAD /v1/chunks/{id}</c> (bytes of the chunk file, with Range), <c>DELETE /v1/chunks/{id}</c>, and
/// <c>GET /v1/chunks</c> (every chunk held, streamed as lines "id age-ms", then "end"; for the orphan sweep), and
/// <c>POST /v1/scrub</c> (one scrub pass now, its report as JSON), and on the metadata node <c>GET /v1/meta/changes</c>
/// (its change log, for the followers: <see cref="MetadataFeed"/>), and <c>GET /metrics</c> (the node's metrics,
/// Prometheus text). Ids are 32 hex digits, never a path.
/// </summary>
internal sealed class PeerRequestHandler(string token, PeerChunkStore store, ChunkScrubber scrubber, ReplicationOptions options, TimeProvider time, MetadataFeed? feed = null,
    MetricsCollector? metrics = null)
{
    private const string ChunksPrefix = "/v1/chunks/";

    /// <summary>The last line of a chunk list.</summary>
    internal const string ListEnd = "end";
    private readonly BearerToken _token = new(token);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!_token.Matches(request.Headers.Authorization.ToString()))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"nimbus-storage\"";
            await Problem(context, 401, "Unauthorized", "the peer API needs 'Authorization: Bearer <cluster token>' (the token in <data>/credentials)").ConfigureAwait(false);
            return;
        }
        var path = request.Path.Value ?? "";
        if (path == "/metrics" && metrics is not null && HttpMethods.IsGet(request.Method))
        {
            await Results.Text(metrics.Scrape(), MetricsCollector.ContentType).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        if (path == "/v1/scrub")
        {
            if (!HttpMethods.IsPost(request.Method))
            {
                await Problem(context, 405, "Method not allowed", "use POST /v1/scrub").ConfigureAwait(false);
                return;
            }
            var report = await scrubber.ScrubOnceAsync(context.RequestAborted).ConfigureAwait(false);
            await TypedResults.Json(report, PeerJson.Default.ScrubReport).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        if (path == "/v1/chunks")
        {
            if (!HttpMethods.IsGet(request.Method))
            {
                context.Response.Headers.Allow = "GET";
                await Problem(context, 405, "Method not allowed", "use GET /v1/chunks").ConfigureAwait(false);
                return;
            }
            await ListAsync(context).ConfigureAwait(false);
            return;
        }
        if (path == ChangesQuery.Path || path == MetadataFeed.MasterKeyPath)
        {
            if (feed is null)
            {
                await Problem(context, 404, "Not found", "this storage node is not the metadata node; ask the node registered with metadata: true").ConfigureAwait(false);
            }
            else if (!HttpMethods.IsGet(request.Method))
            {
                context.Response.Headers.Allow = "GET";
                await Problem(context, 405, "Method not allowed", $"use GET {path}").ConfigureAwait(false);
            }
            else if (path == MetadataFeed.MasterKeyPath)
            {
                await feed.ServeMasterKeyAsync(context).ConfigureAwait(false);
            }
            else
            {
                await feed.ServeAsync(context).ConfigureAwait(false);
            }
            return;
        }
        if (!path.StartsWith(ChunksPrefix, StringComparison.Ordinal))
        {
            await Problem(context, 404, "Not found", "the peer API serves /v1/chunks, /v1/chunks/{id}, /v1/scrub and /v1/meta/changes").ConfigureAwait(false);
            return;
        }
        var id = path[ChunksPrefix.Length..];
        if (!ChunkIds.IsValid(id))
        {
            await Problem(context, 400, "Bad request", "a chunk id is 32 lower-case hex digits").ConfigureAwait(false);
            return;
        }
        switch (request.Method)
        {
            case "PUT":
                await PutAsync(context, id).ConfigureAwait(false);
                break;
            case "GET" or "HEAD":
                var file = store.Paths.FileOf(id);
                if (!File.Exists(file))
                {
                    await Problem(context, 404, "Not found", $"this node has no chunk {id}").ConfigureAwait(false);
                    return;
                }
                await TypedResults.PhysicalFile(file, "application/octet-stream", enableRangeProcessing: true).ExecuteAsync(context).ConfigureAwait(false);
                break;
            case "DELETE":
                store.Delete(id);
                context.Response.StatusCode = 204;
                break;
            default:
                await Problem(context, 405, "Method not allowed", "chunks take PUT, GET, HEAD and DELETE").ConfigureAwait(false);
                break;
        }
    }

    private async Task PutAsync(HttpContext context, string id)
    {
        if (context.Request.ContentLength is not { } length)
        {
            await Problem(context, 411, "Length required", "send the chunk file with a Content-Length").ConfigureAwait(false);
            return;
        }
        if (length < ChunkFormat.HeaderSize || length > options.MaxChunkFileBytes)
        {
            await Problem(context, 413, "Content too large", $"a chunk file is {ChunkFormat.HeaderSize} to {options.MaxChunkFileBytes} bytes, not {length}").ConfigureAwait(false);
            return;
        }
        var result = await store.ReceiveAsync(id, context.Request.Body, length, context.RequestAborted).ConfigureAwait(false);
        if (result == ReceiveResult.Invalid)
        {
            await Problem(context, 422, "Invalid chunk", $"the body is not a whole chunk file {id}: its header, length or a block checksum is wrong; nothing was kept").ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = 204;
    }

    private async Task ListAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var writer = context.Response.BodyWriter;
        var lines = 0;
        foreach (var chunk in store.List(time.GetUtcNow()))
        {
            context.RequestAborted.ThrowIfCancellationRequested();
            var span = writer.GetSpan(64);
            var n = System.Text.Encoding.ASCII.GetBytes(chunk.Id, span);
            span[n++] = (byte)' ';
            chunk.AgeMs.TryFormat(span[n..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
            n += digits;
            span[n++] = (byte)'\n';
            writer.Advance(n);
            if (++lines % 1024 == 0)
            {
                await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        var end = writer.GetSpan(8);
        "end\n"u8.CopyTo(end);
        writer.Advance(4);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
}
