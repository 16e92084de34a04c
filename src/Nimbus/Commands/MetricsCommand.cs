using System.CommandLine;
using System.Globalization;
using Nimbus.Api;
using Nimbus.Cli;
using Spectre.Console;

namespace Nimbus.Commands;

internal static class MetricsCommand
{
    private static readonly string[] Metrics = ["rps", "p50", "p95", "errors", "cpu", "mem", "inflight"];

    public static Command Create()
    {
        var app = AppArgument.Create();
        var metric = new Option<string>("--metric", "-m")
        {
            Description = "rps (requests/s), p50 or p95 (latency, ms), errors (5xx/s), cpu (% of one core), mem (bytes) or inflight",
            DefaultValueFactory = _ => "rps",
        };
        metric.AcceptOnlyFromAmong(Metrics);
        var since = new Option<string>("--since") { Description = "How far back: 90s, 15m, 2h (up to 6h; 1 s steps for the last 15m, 10 s beyond)", DefaultValueFactory = _ => "15m" };
        var command = new Command("metrics", "Chart an app's requests, latency, errors, CPU or memory, as the edges and nodes measured them") { app, metric, since };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var name = result.GetValue(app)!;
            var series = await client.GetMetricsAsync(name, result.GetValue(metric)!, result.GetValue(since)!, ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(series, NimbusJson.Default.MetricSeries);
                return ExitCodes.Ok;
            }
            var values = series.Points.Select(p => p.Value).ToList();
            var known = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(series.App)}[/] {Markup.Escape(series.Metric)} ({Markup.Escape(series.Unit)}), last {Markup.Escape(result.GetValue(since)!)}, one point per {series.StepSeconds.ToString(CultureInfo.InvariantCulture)} s");
            if (known.Count == 0)
            {
                AnsiConsole.MarkupLine("[grey]no values yet: the control plane samples every second once the app has traffic or instances[/]");
                return ExitCodes.Ok;
            }
            var width = Math.Clamp(AnsiConsole.Profile.Width - 12, 20, 120);
            foreach (var line in TerminalChart.Render(values, width, height: 8))
            {
                AnsiConsole.WriteLine(line);
            }
            var first = series.Points[0].Time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            var last = series.Points[^1].Time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            AnsiConsole.WriteLine($"{first} … {last}");
            AnsiConsole.WriteLine($"now {TerminalChart.Format(known[^1])}  min {TerminalChart.Format(known.Min())}  mean {TerminalChart.Format(known.Average())}  max {TerminalChart.Format(known.Max())}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
