using System.CommandLine;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.Cli;
using Spectre.Console;

namespace Nimbus.Commands;

internal static class PsCommand
{
    public static Command Create()
    {
        var app = new Argument<string?>("app") { Description = "App name (all apps when left out)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("ps", "List an app's instances: state, address, node, zone, release, restarts") { app };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var name = result.GetValue(app);
            if (name is not null)
            {
                await Apps.RequireAsync(client, name, ct);
            }
            var list = await client.ListAsync("instances", NimbusJson.Default.ResourceListInstance, ct, app: name);
            var views = list.Items.OrderBy(i => i.Spec.App).ThenBy(i => i.Spec.Version).ThenBy(i => i.Metadata.Created).Select(ToView).ToList();
            if (GlobalOptions.Json(result))
            {
                Output.Json(views, NimbusJson.Default.ListInstanceView);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("INSTANCE", "STATE", "ADDRESS", "PID", "NODE", "ZONE", "RELEASE", "RESTARTS", "LAST EXIT / MESSAGE");
            foreach (var v in views)
            {
                var color = v.State == "ready" ? "green" : v.State is "crashed" or "failed" ? "red" : "yellow";
                table.AddRow(Markup.Escape(v.Id), $"[{color}]{v.State}[/]", Markup.Escape(v.Address), v.Pid == 0 ? "-" : v.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(v.Node), Markup.Escape(v.Zone), Markup.Escape(v.Release), v.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(v.LastExit.Length > 0 ? v.LastExit : v.Message));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static InstanceView ToView(Instance i) => new()
    {
        Id = i.Metadata.Name,
        State = i.Spec.Stop ? "stopping" : i.Status.Ready ? "ready" : i.Status.Phase.ToLowerInvariant(),
        Address = i.Status.Address,
        Pid = i.Status.Pid,
        Node = i.Spec.Node,
        Zone = i.Spec.Zone,
        Release = $"v{i.Spec.Version}",
        Restarts = i.Status.Restarts,
        LastExit = i.Status.LastExit,
        Message = i.Status.Message,
    };
}
