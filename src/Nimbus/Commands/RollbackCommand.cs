using System.CommandLine;
using Nimbus.Api.Contracts;
using Nimbus.Cli;

namespace Nimbus.Commands;

internal static class RollbackCommand
{
    public static Command Create()
    {
        var app = AppArgument.Create();
        var to = new Option<string?>("--to") { Description = "Release to go back to, e.g. v1 (default: the one before the current)" };
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for the rollout", DefaultValueFactory = _ => "5m" };
        var command = new Command("rollback", "Run an earlier release's code, manifest and env again, as a new release") { app, to, timeout };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var name = result.GetValue(app)!;
            var release = await client.RollbackAsync(name, new RollbackRequest { To = result.GetValue(to) }, ct);
            Output.Info($"{release.Spec.Label} created: {release.Spec.Cause}");
            return await Rollout.WaitForReleaseAsync(client, name, release, UpCommand.Duration(result.GetValue(timeout)!, "--timeout"), ct);
        });
        return command;
    }
}
