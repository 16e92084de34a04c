using System.CommandLine;
using Nimbus.Cli;

namespace Nimbus.Commands;

internal static class DestroyCommand
{
    public static Command Create()
    {
        var app = AppArgument.Create();
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for the instances to drain", DefaultValueFactory = _ => "2m" };
        var command = new Command("destroy", "Stop every instance of an app and delete it with its releases") { app, timeout };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var name = result.GetValue(app)!;
            await client.DeleteAppAsync(name, ct);
            Output.Info($"destroying {name}: instances drain and stop");
            if (!await Rollout.WaitForGoneAsync(client, name, UpCommand.Duration(result.GetValue(timeout)!, "--timeout"), ct))
            {
                Output.Fail($"{name} is still being torn down; 'nimbus ps {name}' shows what is left");
                return ExitCodes.Error;
            }
            Console.Out.WriteLine($"{name} destroyed");
            return ExitCodes.Ok;
        });
        return command;
    }
}
