using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Resources;
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
            var ct = context.RequestAborted;
            var response = context.Response;
            IAsyncEnumerator<StoreEvent> changes = store.WatchAsync("/", after, ct).GetAsyncEnumerator(ct);
            try
            {
                Task<bool> next;
                try
                {
                    next = changes.MoveNextAsync().AsTask();
                    if (next.IsCompleted)
                    {
                        await next;
                    }
                }
                catch (RevisionCompactedException ex)
                {
                    await Problems.Gone(ex.Message).ExecuteAsync(context);
                    return;
                }
                response.ContentType = "application/x-ndjson";
                response.Headers.CacheControl = "no-store";
                await response.StartAsync(ct);
                var last = after;
                while (!ct.IsCancellationRequested)
                {
                    var finished = await Task.WhenAny(next, Task.Delay(BookmarkInterval, ct));
                    if (finished != next)
                    {
                        await WriteAsync(response, new WatchEvent { Type = "bookmark", Revision = Math.Max(last, store.Revision) }, ct);
                        continue;
                    }
                    if (!await next)
                    {
                        return;
                    }
                    var change = changes.Current;
                    last = change.Revision;
                    if (ResourceKinds.Parse(change.Entry.Key) is { } parsed && (kinds.Length == 0 || Array.IndexOf(kinds, parsed.Plural) >= 0))
                    {
                        await WriteAsync(response, new WatchEvent
                        {
                            Type = change.Type == StoreEventType.Put ? "put" : "delete",
                            Kind = parsed.Plural,
                            Name = parsed.Name,
                            Revision = change.Revision,
                            Object = decoder.Decode(parsed.Plural, change.Entry),
                        }, ct);
                    }
                    next = changes.MoveNextAsync().AsTask();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (WatcherTooSlowException)
            {
                // The client resumes from the last revision it saw.
            }
            finally
            {
                await changes.DisposeAsync();
            }
        }).WithName("watch");
    }

    private static async Task WriteAsync(HttpResponse response, WatchEvent e, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(response.Body, e, NimbusJson.Default.WatchEvent, ct);
        await response.Body.WriteAsync("\n"u8.ToArray(), ct);
        await response.Body.FlushAsync(ct);
    }
}
