using System.CommandLine;
using System.Globalization;
using Nimbus.Api;
using Nimbus.Cli;
using Spectre.Console;

namespace Nimbus.Commands;

internal static class TraceCommand
{
    public static Command Create()
    {
        var what = new Argument<string>("what")
        {
            Description = "last (the newest request), list (recent requests), or a request id (X-Request-Id) or trace id",
        };
        var app = new Option<string?>("--app", "-a") { Description = "Only requests for this app" };
        var limit = new Option<int>("--limit", "-n") { Description = "How many requests 'list' shows (1-1000)", DefaultValueFactory = _ => 20 };
        var command = new Command("trace", "Show a request's journey through the edge and the app as a waterfall (from the edges' recent requests and the spans apps sent)")
        {
            what, app, limit,
        };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var target = result.GetValue(what)!;
            var appName = result.GetValue(app);
            if (target == "list")
            {
                var list = await client.ListTracesAsync(appName, result.GetValue(limit), ct);
                if (GlobalOptions.Json(result))
                {
                    Output.Json(list, NimbusJson.Default.TraceList);
                    return ExitCodes.Ok;
                }
                var table = new Table().AddColumns("TIME", "REQUEST ID", "APP", "REQUEST", "STATUS", "DURATION", "INSTANCE");
                foreach (var t in list.Traces)
                {
                    table.AddRow(Markup.Escape(Time(t.StartUnixNano)), Markup.Escape(t.RequestId), Markup.Escape(t.App), Markup.Escape($"{t.Method} {t.Target}"),
                        t.Status.ToString(CultureInfo.InvariantCulture), Markup.Escape(TraceWaterfall.Duration(t.DurationNano)), Markup.Escape(t.Instance));
                }
                AnsiConsole.Write(table);
                return ExitCodes.Ok;
            }
            var id = target;
            if (target == "last")
            {
                var newest = await client.ListTracesAsync(appName, 1, ct);
                if (newest.Traces.Count == 0)
                {
                    throw new CliException(ExitCodes.NotFound, appName is null
                        ? "no request has gone through an edge yet"
                        : $"no request for app '{appName}' has gone through an edge yet (or it is older than what the edges keep)");
                }
                id = newest.Traces[0].TraceId;
            }
            var trace = await client.GetTraceAsync(id, ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(trace, NimbusJson.Default.TraceView);
                return ExitCodes.Ok;
            }
            var width = Math.Clamp(AnsiConsole.Profile.Width - 80, 20, 60);
            foreach (var line in TraceWaterfall.Render(trace, width))
            {
                AnsiConsole.WriteLine(line);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Time(long unixNano) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixNano / 1_000_000).ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
