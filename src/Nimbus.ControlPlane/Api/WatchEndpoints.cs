using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Resources;
using Nimbus.Api.Streaming;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.State;

namespace Nimbus.ControlPlane.Api;

/// <summary>GET /v1/watch?since=REV[&amp;kind=instances,apps]: newline-delimited JSON of every change after REV,
/// then live changes; a "bookmark" line every few seconds carries the current revision. 410 when REV is compacted.</summary>
internal static class WatchEndpoints
{
    private static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(5);

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/watch", async (HttpContext context, IStateStore store, ResourceDecoder decoder, long? since, string? kind) =>
        {
            var kinds = (kind ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var k in kinds)
            {
                if (Array.IndexOf(ResourceKinds.Plurals, k) < 0)
                {
                    await Problems.BadRequest($"unknown kind '{k}'; use one of {string.Join(", ", ResourceKinds.Plurals)}", "kind").ExecuteAsync(context);
                    return;
                }
            }
            var after = since ?? store.Revision;
            if (after < store.CompactedRevision)
            {
                await Problems.Gone($"revision {after} is compacted (history starts after {store.CompactedRevision}); list again and watch from the list's revision").ExecuteAsync(context);
                return;
            }
            var ct = context.RequestAborted;
            var changes = Channel.CreateBounded<StoreEvent>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true });
            var pump = PumpAsync(store, after, changes.Writer, ct);
            var response = context.Response;
            response.ContentType = Ndjson.ContentType;
            response.Headers.CacheControl = "no-store";
            try
            {
                await response.StartAsync(ct);
                var last = after;
                while (true)
                {
                    var ready = changes.Reader.WaitToReadAsync(ct).AsTask();
                    using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        var idle = Task.Delay(BookmarkInterval, quiet.Token);
                        var first = await Task.WhenAny(ready, idle);
                        quiet.Cancel();
                        if (first != ready)
                        {
                            // A keep-alive carrying the last revision this client has been sent.
                            await Ndjson.WriteAsync(response.Body, new WatchEvent { Type = "bookmark", Revision = last }, NimbusJson.Default.WatchEvent, ct);
                            continue;
                        }
                    }
                    if (!await ready)
                    {
                        break;
                    }
                    while (changes.Reader.TryRead(out var change))
                    {
                        last = change.Revision;
                        if (ResourceKinds.Parse(change.Entry.Key) is { } parsed && (kinds.Length == 0 || Array.IndexOf(kinds, parsed.Plural) >= 0))
                        {
                            await Ndjson.WriteAsync(response.Body, new WatchEvent
                            {
                                Type = change.Type == StoreEventType.Put ? "put" : "delete",
                                Kind = parsed.Plural,
                                Name = parsed.Name,
                                Revision = change.Revision,
                                Object = decoder.Decode(parsed.Plural, change.Entry),
                            }, NimbusJson.Default.WatchEvent, ct);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is WatcherTooSlowException or RevisionCompactedException)
            {
                // The stream ends; the client resumes from the last revision it saw (or lists again on 410).
            }
            await pump;
        }).WithName("watch");
    }

    /// <summary>Moves store changes into a channel, so the response loop can wait with a bookmark timeout.</summary>
    private static async Task PumpAsync(IStateStore store, long after, ChannelWriter<StoreEvent> writer, CancellationToken ct)
    {
        try
        {
            await foreach (var change in store.WatchAsync("/", after, ct).ConfigureAwait(false))
            {
                await writer.WriteAsync(change, ct).ConfigureAwait(false);
            }
            writer.TryComplete();
        }
        catch (OperationCanceledException)
        {
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }
}
