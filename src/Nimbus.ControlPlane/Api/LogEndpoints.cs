using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>GET /v1/apps/{name}/logs: logs live on the nodes that ran the instances; this asks every node's
/// agent and merges the answers by time (newline-delimited LogLine JSON). <c>follow=true</c> keeps streaming.</summary>
internal static class LogEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/apps/{name}/logs", async (string name, HttpContext context, ResourceRepository<App> apps, ResourceRepository<Node> nodes,
            AgentClient agents, DateTimeOffset? since, int? tail, bool? follow, string? instance) =>
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
            var (all, _) = await nodes.ListAsync(ObjectMeta.DefaultProject, ct);
            var reachable = all.FindAll(n => n.Status.Phase == NodePhase.Ready);
            var parameters = new Dictionary<string, string?>
            {
                ["since"] = since?.ToString("O"),
                ["tail"] = tail?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["instance"] = instance,
                ["follow"] = follow == true ? "true" : null,
            };
            var query = QueryString.Create(parameters.Where(p => p.Value is not null));
            context.Response.ContentType = "application/x-ndjson";
            if (follow == true)
            {
                await FollowAsync(context.Response, reachable, agents, name, query, ct);
                return;
            }
            var lines = new List<LogLine>();
            var answers = await Task.WhenAll(reachable.Select(n => agents.ReadLogsAsync(n, name, query, ct)));
            foreach (var answer in answers)
            {
                lines.AddRange(answer);
            }
            lines.Sort((a, b) => a.Time.CompareTo(b.Time));
            var start = tail is { } t && lines.Count > t ? lines.Count - t : 0;
            for (var i = start; i < lines.Count; i++)
            {
                await WriteAsync(context.Response, lines[i], ct);
            }
        }).WithName("get-app-logs");
    }

    private static async Task FollowAsync(HttpResponse response, List<Node> nodes, AgentClient agents, string app, QueryString query, CancellationToken ct)
    {
        await response.StartAsync(ct);
        var merged = Channel.CreateBounded<LogLine>(1024);
        var producers = nodes.Select(async node =>
        {
            await foreach (var line in agents.FollowLogsAsync(node, app, query, ct))
            {
                await merged.Writer.WriteAsync(line, ct);
            }
        }).ToArray();
        _ = Task.WhenAll(producers).ContinueWith(_ => merged.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            await foreach (var line in merged.Reader.ReadAllAsync(ct))
            {
                await WriteAsync(response, line, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task WriteAsync(HttpResponse response, LogLine line, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(response.Body, line, NimbusJson.Default.LogLine, ct);
        await response.Body.WriteAsync("\n"u8.ToArray(), ct);
        await response.Body.FlushAsync(ct);
    }
}
