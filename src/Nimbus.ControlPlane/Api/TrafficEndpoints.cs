using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>What only the edges know, asked of every live edge and summed: an app's traffic counters, and
/// purging an app's cached responses.</summary>
internal static class TrafficEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/apps/{name}/traffic", async (string name, ResourceRepository<App> apps, ResourceRepository<EdgeNode> edges, EdgeClient client, CancellationToken ct) =>
        {
            if (await apps.GetAsync(ObjectMeta.DefaultProject, name, ct) is null)
            {
                return Problems.NotFound("app", name);
            }
            var (all, _) = await edges.ListAsync(ObjectMeta.DefaultProject, ct);
            var answers = await Task.WhenAll(all.Select(e => client.TrafficAsync(e, name, ct)));
            var total = new AppTraffic { App = name, EdgesAsked = all.Count };
            foreach (var answer in answers)
            {
                if (answer is not null)
                {
                    Add(total, answer);
                }
            }
            return Respond.Json(total, NimbusJson.Default.AppTraffic);
        }).WithName("app-traffic").Produces<AppTraffic>();

        v1.MapPost("/apps/{name}/cache/purge", async (string name, string? path, ResourceRepository<App> apps, ResourceRepository<EdgeNode> edges, EdgeClient client, CancellationToken ct) =>
        {
            if (await apps.GetAsync(ObjectMeta.DefaultProject, name, ct) is null)
            {
                return Problems.NotFound("app", name);
            }
            path ??= "";
            if (path.Length > 0 && (path[0] != '/' || path.Length > 2048))
            {
                return Problems.BadRequest($"'{path}' is not a path: it must start with '/' (e.g. /static/) and be at most 2048 characters", "path");
            }
            var (all, _) = await edges.ListAsync(ObjectMeta.DefaultProject, ct);
            var answers = await Task.WhenAll(all.Select(e => client.PurgeAsync(e, name, path, ct)));
            var result = new CachePurgeResult { App = name, Path = path, EdgesAsked = all.Count };
            foreach (var answer in answers)
            {
                if (answer is not null)
                {
                    result.Edges++;
                    result.Removed += answer.Removed;
                }
            }
            return result.Edges < result.EdgesAsked
                ? Problems.Unavailable($"{result.EdgesAsked - result.Edges} of {result.EdgesAsked} edges did not answer the purge; they may still serve cached responses, run the purge again")
                : Respond.Json(result, NimbusJson.Default.CachePurgeResult);
        }).WithName("purge-app-cache").Produces<CachePurgeResult>();
    }

    /// <summary>Sums one edge's counters into the total. Histograms add bucket by bucket (every edge uses the same bounds).</summary>
    internal static void Add(AppTraffic total, AppTraffic one)
    {
        total.Edges++;
        total.Requests += one.Requests;
        foreach (var (status, count) in one.Status)
        {
            total.Status[status] = total.Status.GetValueOrDefault(status) + count;
        }
        total.BytesIn += one.BytesIn;
        total.BytesOut += one.BytesOut;
        total.InFlight += one.InFlight;
        total.LatencySumMs += one.LatencySumMs;
        total.RateLimited += one.RateLimited;
        total.CacheHits += one.CacheHits;
        total.CacheMisses += one.CacheMisses;
        total.Retries += one.Retries;
        if (total.LatencyBucketsMs.Count == 0)
        {
            total.LatencyBucketsMs = [.. one.LatencyBucketsMs];
            total.LatencyCounts = [.. one.LatencyCounts];
        }
        else if (total.LatencyCounts.Count == one.LatencyCounts.Count)
        {
            for (var i = 0; i < one.LatencyCounts.Count; i++)
            {
                total.LatencyCounts[i] += one.LatencyCounts[i];
            }
        }
    }
}
