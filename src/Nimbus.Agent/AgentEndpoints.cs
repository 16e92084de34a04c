using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nimbus.Agent.Logs;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.Agent;

/// <summary>The agent's own endpoint: GET /v1/logs/{app} serves the log lines of that app's instances on this
/// node (newline-delimited LogLine JSON). The control plane merges the answers of every node.</summary>
internal static class AgentEndpoints
{
    public static void Map(WebApplication app, AgentOptions options, AgentPaths paths)
    {
        var token = Encoding.UTF8.GetBytes(options.Token);
        app.Use(async (context, next) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), token))
            {
                await next(context);
                return;
            }
            await TypedResults.Problem("this agent endpoint needs the cluster's bearer token", statusCode: 401, title: "Unauthorized").ExecuteAsync(context);
        });

        app.MapGet("/v1/logs/{app}", async (string app, HttpContext context, DateTimeOffset? since, int? tail, bool? follow, string? instance) =>
        {
            if (!Names.IsValid(app) || (instance is not null && !Names.IsValid(instance)))
            {
                await TypedResults.Problem("app and instance must be valid names", statusCode: 400).ExecuteAsync(context);
                return;
            }
            var ct = context.RequestAborted;
            var directory = paths.LogsOf(app);
            var ids = InstanceIds(directory).Where(id => instance is null || id == instance).ToList();
            context.Response.ContentType = "application/x-ndjson";
            if (follow != true)
            {
                var lines = new List<LogLine>();
                foreach (var id in ids)
                {
                    lines.AddRange(await InstanceLogReader.ReadAsync(directory, id, since, tail, ct));
                }
                lines.Sort((a, b) => a.Time.CompareTo(b.Time));
                var start = tail is { } t && lines.Count > t ? lines.Count - t : 0;
                for (var i = start; i < lines.Count; i++)
                {
                    await WriteAsync(context.Response, lines[i], ct);
                }
                return;
            }
            await context.Response.StartAsync(ct);
            var merged = Channel.CreateBounded<LogLine>(1024);
            var readers = ids.Select(async id =>
            {
                await foreach (var line in InstanceLogReader.FollowAsync(directory, id, since, tail, ct))
                {
                    await merged.Writer.WriteAsync(line, ct);
                }
            }).ToArray();
            _ = Task.WhenAll(readers).ContinueWith(_ => merged.Writer.TryComplete(), TaskScheduler.Default);
            try
            {
                await foreach (var line in merged.Reader.ReadAllAsync(ct))
                {
                    await WriteAsync(context.Response, line, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
        });
    }

    private static IEnumerable<string> InstanceIds(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.log").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(n => !n.StartsWith("build-", StringComparison.Ordinal))
            : [];

    private static async Task WriteAsync(HttpResponse response, LogLine line, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(response.Body, line, NimbusJson.Default.LogLine, ct);
        await response.Body.WriteAsync("\n"u8.ToArray(), ct);
        await response.Body.FlushAsync(ct);
    }
}
