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
            if (!Names.IsValid(app) || (instance is not null && !Names.IsValid(instance)))
            {
                await TypedResults.Problem("app and instance must be valid names", statusCode: 400).ExecuteAsync(context);
                return;
            }
            var filter = LogFilter.Create(grep, context.Request.Query["where"].OfType<string>().ToList(), out var invalid);
            if (invalid is not null)
            {
                await TypedResults.Problem(invalid, statusCode: 400).ExecuteAsync(context);
                return;
            }
            var ct = context.RequestAborted;
            var directory = paths.LogsOf(app);
            context.Response.ContentType = Ndjson.ContentType;
            if (follow == true)
            {
                await context.Response.StartAsync(ct);
                try
                {
                    await foreach (var line in AppLogs.FollowAsync(directory, instance, since, tail, ct, filter))
                    {
                        await Ndjson.WriteAsync(context.Response.Body, line, NimbusJson.Default.LogLine, ct);
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }
                return;
            }
            foreach (var line in await AppLogs.ReadAsync(directory, instance, since, tail, ct, filter))
            {
                await Ndjson.WriteAsync(context.Response.Body, line, NimbusJson.Default.LogLine, ct);
            }
        });
    }
}
