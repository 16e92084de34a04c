using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.Api.Security;
using Nimbus.Api.Streaming;
using Nimbus.Api.Telemetry;
using Nimbus.Edge.Cache;
using Nimbus.Edge.Proxy;
using Nimbus.Edge.Tracing;
using Nimbus.Edge.Traffic;

namespace Nimbus.Edge.Admin;

/// <summary>The edge's own endpoint for the control plane (bearer token, loopback by default): traffic counters, cache purges,
/// recent requests' traces and Prometheus metrics. Users reach these through the control plane's API, which asks every edge.</summary>
internal static class EdgeAdminEndpoints
{
    public static void Map(WebApplication app, EdgeOptions options, TrafficRegistry traffic, HttpResponseCache cache, MetricsCollector metrics, EdgeTracer tracer)
    {
        var token = new BearerToken(options.Token);
        app.Use(async (context, next) =>
        {
            if (token.Matches(context.Request.Headers.Authorization.ToString()))
            {
                await next(context);
                return;
            }
            await TypedResults.Problem("this edge endpoint needs the cluster's bearer token", statusCode: 401, title: "Unauthorized").ExecuteAsync(context);
        });

        app.MapGet("/v1/traffic/{app}", (string app) =>
        {
            if (!Names.IsValid(app))
            {
                return Results.Problem($"'{app}' is not an app name", statusCode: 400);
            }
            var counters = traffic.Find(app);
            return TypedResults.Json(counters?.Snapshot() ?? new AppTrafficCounters(app).Snapshot(), NimbusJson.Default.AppTraffic);
        });

        app.MapGet("/v1/traces", (string? app, int? limit) =>
        {
            if (app is not null && !Names.IsValid(app))
            {
                return Results.Problem($"'{app}' is not an app name", statusCode: 400);
            }
            return TypedResults.Json(TraceQueries.Recent(tracer, app, limit ?? 20), NimbusJson.Default.TraceList);
        });

        app.MapGet("/v1/traces/{id}", (string id) => id.Length is 0 or > RequestIds.MaxLength
            ? Results.Problem("a trace id is 32 hex digits, a request id at most 128 characters", statusCode: 400)
            : TypedResults.Json(TraceQueries.Find(tracer, id), NimbusJson.Default.TraceView));

        app.MapGet("/v1/access/{app}", async (string app, HttpContext context, DateTimeOffset? since, int? tail, bool? follow, string? instance, string? grep) =>
        {
            if (LogStreams.Check(app, instance, grep, context.Request.Query["where"].OfType<string>().ToList(), out var filter) is { } problem)
            {
                await TypedResults.Problem(problem, statusCode: 400).ExecuteAsync(context);
                return;
            }
            context.Response.ContentType = Ndjson.ContentType;
            await LogStreams.WriteAsync(context.Response.Body, follow == true
                ? AccessLog.FollowAsync(tracer, app, instance, since, tail, filter, context.RequestAborted)
                : AccessLog.Read(tracer, app, instance, since, tail, filter).ToAsyncEnumerable(), context.RequestAborted);
        });

        app.MapGet("/metrics", () => Results.Text(metrics.Scrape(), MetricsCollector.ContentType));

        app.MapPost("/v1/cache/{app}/purge", (string app, string? path) =>
        {
            if (!Names.IsValid(app))
            {
                return Results.Problem($"'{app}' is not an app name", statusCode: 400);
            }
            var removed = cache.Purge(app, string.IsNullOrEmpty(path) ? null : path);
            return TypedResults.Json(new CachePurgeResult { App = app, Path = path ?? "", Edges = 1, EdgesAsked = 1, Removed = removed }, NimbusJson.Default.CachePurgeResult);
        });
    }
}
