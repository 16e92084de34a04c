using System.CommandLine;
using Nimbus.Api;
using Nimbus.Cli;
using Spectre.Console;

namespace Nimbus.Commands;

internal static class AppsCommand
{
    public static Command Create()
    {
        var command = new Command("apps", "List apps with their release and instances");
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var apps = await client.ListAsync("apps", NimbusJson.Default.ResourceListApp, ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(apps.Items, NimbusJson.Default.ListApp);
                return ExitCodes.Ok;
            }
            if (apps.Items.Count == 0)
            {
                Console.Out.WriteLine("No apps yet. Deploy one with: nimbus deploy examples/hello-python");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("APP", "RELEASE", "READY", "PHASE", "MESSAGE");
            foreach (var app in apps.Items)
            {
                table.AddRow(
                    Markup.Escape(app.Metadata.Name),
                    Markup.Escape(app.Status.CurrentRelease.Length > 0 ? app.Status.CurrentRelease : app.Spec.Release),
                    $"{app.Status.ReadyInstances}/{app.Spec.Instances}",
                    Markup.Escape(app.Status.Phase),
                    Markup.Escape(app.Status.Message));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
