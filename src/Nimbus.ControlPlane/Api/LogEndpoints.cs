using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.Api.Streaming;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>GET /v1/apps/{name}/logs: logs live on the nodes that ran the instances; this asks every node's
/// agent and merges the answers by time (newline-delimited LogLine JSON). <c>follow=true</c> keeps streaming.
/// <c>access=true</c>: the edges' access logs instead (one JSON line per request, from every live edge).</summary>
internal static class LogEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/apps/{name}/logs", async (string name, HttpContext context, ResourceRepository<App> apps, ResourceRepository<Node> nodes,
            ResourceRepository<EdgeNode> edgeNodes, AgentClient agents, EdgeClient edgeClient, DateTimeOffset? since, int? tail, bool? follow, string? instance,
            string? grep, bool? access) =>
        {
            var ct = context.RequestAborted;
            if (await apps.GetAsync(ObjectMeta.DefaultProject, name, ct) is null)
            {
                await Problems.NotFound("app", name).ExecuteAsync(context);
                return;
            }
            if (tail is < 0 or > 100_000)
            {
                await Problems.BadRequest("must be between 0 and 100000", "tail").ExecuteAsync(context);
                return;
            }
            var where = context.Request.Query["where"].OfType<string>().ToList();
            // Checked here so a bad pattern is one clear 400, not a silent gap where every node refused it.
            LogFilter.Create(grep, where, out var invalid);
            if (invalid is not null)
            {
                await Problems.BadRequest(invalid, invalid.StartsWith("grep", StringComparison.Ordinal) ? "grep" : "where").ExecuteAsync(context);
                return;
            }
            var parameters = new Dictionary<string, string?>
            {
                ["since"] = since?.ToString("O"),
                ["tail"] = tail?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["instance"] = instance,
                ["follow"] = follow == true ? "true" : null,
            };
            var query = QueryString.Create(parameters.Where(p => p.Value is not null))
                + QueryString.Create(where.Select(w => new KeyValuePair<string, string?>("where", w)));
            if (!string.IsNullOrEmpty(grep))
            {
                query += QueryString.Create("grep", grep);
            }
            List<Func<CancellationToken, IAsyncEnumerable<LogLine>>> sources;
            if (access == true)
            {
                var (edges, _) = await edgeNodes.ListAsync(ObjectMeta.DefaultProject, ct);
                sources = [.. edges.Select(e => (Func<CancellationToken, IAsyncEnumerable<LogLine>>)(token => edgeClient.FollowAccessAsync(e, name, query, token)))];
            }
            else
            {
                var (all, _) = await nodes.ListAsync(ObjectMeta.DefaultProject, ct);
                sources = [.. all.Where(n => n.Status.Phase == NodePhase.Ready)
                    .Select(n => (Func<CancellationToken, IAsyncEnumerable<LogLine>>)(token => agents.FollowLogsAsync(n, name, query, token)))];
            }
            context.Response.ContentType = Ndjson.ContentType;
            if (follow == true)
            {
                await context.Response.StartAsync(ct);
                try
                {
                    await foreach (var line in LogMerge.InterleaveAsync(sources.Select(open => open(ct)).ToList(), ct))
                    {
                        await Ndjson.WriteAsync(context.Response.Body, line, NimbusJson.Default.LogLine, ct);
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }
                return;
            }
            var answers = await Task.WhenAll(sources.Select(open => LogSource.ReadAsync(open, ct)));
            foreach (var line in LogMerge.ByTime(answers, tail))
            {
                await Ndjson.WriteAsync(context.Response.Body, line, NimbusJson.Default.LogLine, ct);
            }
        }).WithName("get-app-logs");
    }
}
