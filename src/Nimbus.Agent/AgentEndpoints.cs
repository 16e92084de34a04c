using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nimbus.Agent.Logs;
using Nimbus.Api;
using Nimbus.Api.Resources;
using Nimbus.Api.Security;
using Nimbus.Api.Streaming;
using Nimbus.Api.Telemetry;

namespace Nimbus.Agent;

/// <summary>The agent's own endpoint: GET /v1/logs/{app} serves the log lines of that app's instances on this
/// node (newline-delimited LogLine JSON; the control plane merges the answers of every node), GET /metrics the
/// agent's and its instances' metrics.</summary>
internal static class AgentEndpoints
{
    public static void Map(WebApplication app, AgentOptions options, AgentPaths paths, MetricsCollector metrics)
    {
        var token = new BearerToken(options.Token);
        app.Use(async (context, next) =>
        {
            if (token.Matches(context.Request.Headers.Authorization.ToString()))
            {
                await next(context);
                return;
            }
            await TypedResults.Problem("this agent endpoint needs the cluster's bearer token", statusCode: 401, title: "Unauthorized").ExecuteAsync(context);
        });

        app.MapGet("/metrics", () => Results.Text(metrics.Scrape(), MetricsCollector.ContentType));

        app.MapGet("/v1/logs/{app}", async (string app, HttpContext context, DateTimeOffset? since, int? tail, bool? follow, string? instance, string? grep) =>
        {
            if (LogStreams.Check(app, instance, grep, context.Request.Query["where"].OfType<string>().ToList(), out var filter) is { } problem)
            {
                await TypedResults.Problem(problem, statusCode: 400).ExecuteAsync(context);
                return;
            }
            var ct = context.RequestAborted;
            var directory = paths.LogsOf(app);
            context.Response.ContentType = Ndjson.ContentType;
            if (follow == true)
            {
                await context.Response.StartAsync(ct);
                await LogStreams.WriteAsync(context.Response.Body, AppLogs.FollowAsync(directory, instance, since, tail, ct, filter), ct);
                return;
            }
            var lines = await AppLogs.ReadAsync(directory, instance, since, tail, ct, filter);
            await LogStreams.WriteAsync(context.Response.Body, lines.ToAsyncEnumerable(), ct);
        });
    }
}
