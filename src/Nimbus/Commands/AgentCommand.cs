using System.CommandLine;
using Nimbus.Agent;
using Nimbus.Cli;
using Nimbus.Hosting;

namespace Nimbus.Commands;

/// <summary><c>nimbus agent</c>: one node agent joining a control plane.</summary>
internal static class AgentCommand
{
    private static readonly Option<string> Join = JoinArguments.JoinOption();
    private static readonly Option<string?> Token = JoinArguments.TokenOption();
    private static readonly Option<string> Zone = new("--zone") { Description = "Zone this node is in", DefaultValueFactory = _ => "local-a" };
    private static readonly Option<string> Region = new("--region") { Description = "Region this node is in", DefaultValueFactory = _ => "local" };
    private static readonly Option<string?> Name = new("--name") { Description = "Node name (default ZONE-<agent id>)" };
    private static readonly Option<string> Listen = new("--listen") { Description = "IP the agent's endpoint binds to and advertises (default loopback)", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<int> Port = new("--port") { Description = "Port of the agent's own endpoint (0 = a free port)", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> StopGrace = new("--stop-grace") { Description = "Time an instance gets between SIGTERM and SIGKILL", DefaultValueFactory = _ => "10s" };
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log more" };

    public static Command Create()
    {
        var command = new Command("agent", "Run a node agent that joins a control plane and runs the instances placed on it")
        {
            Join, Token, Zone, Region, Name, Listen, Port, StopGrace, Verbose,
        };
        CommandAction.Set(command, RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken _)
    {
        var (join, token, zone) = JoinArguments.Read(result, Join, Token, Zone);
        var data = GlobalOptions.DataDirectory(result);
        Directory.CreateDirectory(data);
        // One agent per data dir: two would share an agent id, kill each other's instances as leftovers and
        // prune each other's releases.
        using var dataLock = DataDirectoryLock.TryAcquire(data)
            ?? throw new CliException(ExitCodes.AlreadyRunning, $"a Nimbus process (pid {DataDirectoryLock.HolderPid(data)}) already uses {data}; give this agent its own --data DIR");
        using var signal = new ShutdownSignal();
        var verbose = result.GetValue(Verbose);
        await using var agent = await AgentHost.StartAsync(new AgentOptions
        {
            JoinUrl = join,
            Token = token,
            Zone = zone,
            Region = result.GetValue(Region)!,
            Name = result.GetValue(Name) ?? "",
            DataDirectory = data,
            ListenAddress = UpCommand.ListenAddress(result.GetValue(Listen)!),
            Port = result.GetValue(Port),
            StopGrace = UpCommand.Duration(result.GetValue(StopGrace)!, "--stop-grace"),
        }, logging => RoleLogging.Configure(logging, verbose), signal.Token);
        Console.Out.WriteLine($"Agent {agent.NodeName} (zone {zone}) joining {join}; endpoint {agent.Address}. Ctrl+C stops it and its instances.");
        try
        {
            await Task.Delay(Timeout.Infinite, signal.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return ExitCodes.Ok;
    }
}
