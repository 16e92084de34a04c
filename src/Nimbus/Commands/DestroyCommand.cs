using System.CommandLine;
using Nimbus.Api;
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
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(UpCommand.Duration(result.GetValue(timeout)!, "--timeout"));
            try
            {
                while (await client.TryGetAsync("apps", name, NimbusJson.Default.App, deadline.Token) is not null)
                {
                    var revision = (await client.ListAsync("apps", NimbusJson.Default.ResourceListApp, deadline.Token)).Revision;
                    if (await client.TryGetAsync("apps", name, NimbusJson.Default.App, deadline.Token) is null)
                    {
                        break;
                    }
                    await foreach (var change in client.WatchAsync(revision, "apps", deadline.Token))
                    {
                        if (change.Type == "bookmark" || change.Name == name)
                        {
                            break;
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
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
