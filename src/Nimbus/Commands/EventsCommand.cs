using System.CommandLine;
using Nimbus.Api;
using Nimbus.Cli;
using Spectre.Console;

namespace Nimbus.Commands;

internal static class EventsCommand
{
    public static Command Create()
    {
        var app = new Argument<string?>("app") { Description = "Only this app's events", Arity = ArgumentArity.ZeroOrOne };
        var tail = new Option<int>("--tail", "-n") { Description = "How many of the newest events", DefaultValueFactory = _ => 50 };
        var command = new Command("events", "Show what happened: deploys, scaling, crashes, nodes coming and going") { app, tail };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var list = await client.ListAsync("events", NimbusJson.Default.ResourceListEvent, ct, app: result.GetValue(app));
            var items = list.Items.OrderBy(e => e.Spec.Time).TakeLast(Math.Max(1, result.GetValue(tail))).ToList();
            if (GlobalOptions.Json(result))
            {
                Output.Json(items, NimbusJson.Default.ListEvent);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("TIME", "TYPE", "OBJECT", "REASON", "MESSAGE");
            foreach (var e in items)
            {
                table.AddRow(e.Spec.Time.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                    e.Spec.Type == "Warning" ? "[yellow]Warning[/]" : "Normal",
                    Markup.Escape(e.Spec.Object), Markup.Escape(e.Spec.Reason), Markup.Escape(e.Spec.Message));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
