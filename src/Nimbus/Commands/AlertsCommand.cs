using System.CommandLine;
using System.Globalization;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.Cli;
using Spectre.Console;

namespace Nimbus.Commands;

/// <summary><c>nimbus alerts add|list|remove</c>: threshold rules on an app's series.</summary>
internal static class AlertsCommand
{
    public static Command Create()
    {
        var command = new Command("alerts", "Threshold rules on an app's series: 'p95 > 500ms for 1m' fires an event (and a webhook) when it holds");
        command.Add(Add());
        command.Add(List());
        command.Add(Remove());
        return command;
    }

    private static Command Add()
    {
        var app = AppArgument.Create();
        var rule = new Argument<string>("rule") { Description = "METRIC OP VALUE [for DURATION]: metrics rps, errors, p50, p95, inflight, cpu, mem; e.g. 'p95 > 500ms for 1m', 'errors > 1', 'cpu >= 80% for 5m'" };
        var webhook = new Option<string?>("--webhook") { Description = "http(s) URL that gets a JSON POST when the alert fires and when it resolves" };
        var name = new Option<string?>("--name") { Description = "The alert's name (default APP-METRIC-xxxx)" };
        var command = new Command("add", "Add an alert rule to APP") { app, rule, webhook, name };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var text = result.GetValue(rule)!;
            if (AlertRule.TryParse(text, new AlertSpec()) is { } problem)
            {
                throw new CliException(ExitCodes.InvalidInput, problem);
            }
            var alert = await client.CreateAlertAsync(result.GetValue(app)!,
                new CreateAlertRequest { Rule = text, Webhook = result.GetValue(webhook), Name = result.GetValue(name) }, ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(alert, NimbusJson.Default.Alert);
                return ExitCodes.Ok;
            }
            Console.Out.WriteLine($"alert {alert.Metadata.Name}: {alert.Spec.App} {alert.Spec.Rule}" + (alert.Spec.Webhook.Length > 0 ? $" → {alert.Spec.Webhook}" : ""));
            Output.Info("it shows in 'nimbus events' when it fires and resolves; 'nimbus alerts list' shows its state");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var app = new Argument<string?>("app") { Description = "Only this app's alerts", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "Alert rules with their state") { app };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var alerts = await client.ListAlertsAsync(result.GetValue(app), ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(alerts.Items, NimbusJson.Default.ListAlert);
                return ExitCodes.Ok;
            }
            if (alerts.Items.Count == 0)
            {
                Console.Out.WriteLine("No alerts. Add one with: nimbus alerts add APP 'p95 > 500ms for 1m'");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("NAME", "APP", "RULE", "STATE", "SINCE", "WEBHOOK");
            foreach (var alert in alerts.Items)
            {
                table.AddRow(Markup.Escape(alert.Metadata.Name), Markup.Escape(alert.Spec.App), Markup.Escape(alert.Spec.Rule),
                    alert.Status.State == AlertStates.Firing ? "[red]Firing[/]" : "Ok",
                    alert.Status.Since?.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
                    Markup.Escape(alert.Spec.Webhook));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The alert's name (see 'nimbus alerts list')" };
        var command = new Command("remove", "Remove an alert rule") { name };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var alert = await client.DeleteAlertAsync(result.GetValue(name)!, ct);
            Console.Out.WriteLine($"removed alert {alert.Metadata.Name} ({alert.Spec.App} {alert.Spec.Rule})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
