using System.CommandLine;
using System.Net;
using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Cli;

namespace Nimbus.Commands;

internal static class ScaleCommand
{
    public static Command Create()
    {
        var app = AppArgument.Create();
        var count = new Argument<int>("instances") { Description = "How many instances to run (0–100)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the change is accepted" };
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for the instances to be ready", DefaultValueFactory = _ => "2m" };
        var command = new Command("scale", "Set how many instances of an app run") { app, count, noWait, timeout };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var name = result.GetValue(app)!;
            var n = result.GetValue(count);
            if (n is < 0 or > 100)
            {
                throw new CliException(ExitCodes.InvalidInput, "instances must be between 0 and 100");
            }
            await UpdateAppAsync(client, name, a => a.Spec.Instances = n, ct);
            Output.Info($"scaling {name} to {n}");
            return result.GetValue(noWait)
                ? ExitCodes.Ok
                : await Rollout.WaitForScaleAsync(client, name, n, UpCommand.Duration(result.GetValue(timeout)!, "--timeout"), ct);
        });
        return command;
    }

    /// <summary>Read, change, write with the version read; on 409 (someone else changed it) read again and retry.</summary>
    internal static async Task UpdateAppAsync(NimbusClient client, string name, Action<Api.Resources.App> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await Apps.RequireAsync(client, name, ct);
            change(current);
            try
            {
                await client.UpdateAppAsync(current, ct);
                return;
            }
            catch (NimbusApiException ex) when (ex.Status == HttpStatusCode.Conflict && attempt < 5)
            {
            }
        }
    }
}
