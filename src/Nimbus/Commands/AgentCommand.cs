using System.CommandLine;
using Nimbus.Agent;
using Nimbus.Cli;
using Nimbus.Hosting;

namespace Nimbus.Commands;

/// <summary><c>nimbus agent</c>: one node agent joining a control plane.</summary>
internal static class AgentCommand
{
    private static readonly Option<string> Join = new("--join") { Description = "Control-plane API URL, e.g. http://127.0.0.1:7070", Required = true };
    private static readonly Option<string?> Token = new("--token") { Description = "Cluster token (default: $NIMBUS_TOKEN)" };
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
        var token = result.GetValue(Token) ?? Environment.GetEnvironmentVariable("NIMBUS_TOKEN");
        if (string.IsNullOrEmpty(token))
        {
            throw new CliException(ExitCodes.InvalidInput, "--token is required (or NIMBUS_TOKEN); it is in the control plane's <data>/credentials");
        }
        if (!Uri.TryCreate(result.GetValue(Join), UriKind.Absolute, out var join) || (join.Scheme != "http" && join.Scheme != "https"))
        {
            throw new CliException(ExitCodes.InvalidInput, "--join must be the control plane's http(s) URL, e.g. http://127.0.0.1:7070");
        }
        var zone = result.GetValue(Zone)!;
        if (!Api.Resources.Names.IsValid(zone))
        {
            throw new CliException(ExitCodes.InvalidInput, $"--zone '{zone}' is not valid: {Api.Resources.Names.Rule}");
        }
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
            JoinUrl = new Uri(join.ToString().TrimEnd('/') + "/"),
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
