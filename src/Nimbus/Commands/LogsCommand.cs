using System.CommandLine;
using System.Globalization;
using Nimbus.Api;
using Nimbus.Api.Resources;
using Nimbus.Api.Streaming;
using Nimbus.Cli;

namespace Nimbus.Commands;

internal static class LogsCommand
{
    public static Command Create()
    {
        var app = AppArgument.Create();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines" };
        var since = new Option<string?>("--since") { Description = "Only lines newer than this: a duration (10m, 1h) or a time (2026-11-22T10:00:00Z)" };
        var tail = new Option<int?>("--tail", "-n") { Description = "Only the last N lines" };
        var grep = new Option<string?>("--grep", "-g") { Description = "Only lines with a match of this regular expression" };
        var where = new Option<string[]>("--where", "-w") { Description = "Only JSON lines whose field has this value: key=value (a.b=x for nested; repeat to require several)", AllowMultipleArgumentsPerToken = false };
        var access = new Option<bool>("--access") { Description = "The edges' access log of the app's requests instead (one JSON line per request: status, duration, instance, ids)" };
        var command = new Command("logs", "Print an app's logs, all instances merged by time") { app, follow, since, tail, grep, where, access };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var name = result.GetValue(app)!;
            var from = ParseSince(result.GetValue(since));
            await Apps.RequireAsync(client, name, ct);
            var json = GlobalOptions.Json(result);
            var grepValue = result.GetValue(grep);
            var whereValues = result.GetValue(where) ?? [];
            if (LogFilter.Create(grepValue, whereValues, out var invalid) is null && invalid is not null)
            {
                throw new CliException(ExitCodes.InvalidInput, "--" + invalid);
            }
            await foreach (var line in client.LogsAsync(name, from, result.GetValue(tail), result.GetValue(follow), ct, grep: grepValue, where: whereValues, access: result.GetValue(access)))
            {
                if (json)
                {
                    Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(line, NimbusJson.Default.LogLine));
                }
                else
                {
                    Console.Out.WriteLine($"{line.Time.ToLocalTime():HH:mm:ss.fff} {line.Instance} {(line.Stream == "err" ? "!" : "|")} {line.Text}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static DateTimeOffset? ParseSince(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (Quantities.TryParseDuration(text, out var ago))
        {
            return DateTimeOffset.UtcNow - ago;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        throw new CliException(ExitCodes.InvalidInput, $"--since '{text}' is neither a duration (10m) nor a time (2026-11-22T10:00:00Z)");
    }
}
