using System.CommandLine;
using Nimbus.Cli;
using Nimbus.Commands;

// Nothing here may do socket I/O before a command runs: `nimbus edge` switches the socket engine to inline completions
// at the start of its command, which only takes effect if the engine has not started yet.
Output.Configure();
var root = new RootCommand("Nimbus: a cloud on your own machines. Run 'nimbus up', then 'nimbus deploy DIR'.")
{
    GlobalOptions.Data,
    GlobalOptions.Output,
    UpCommand.Create(),
    AgentCommand.Create(),
    EdgeCommand.Create(),
    StorageCommand.Create(),
    CacheCommand.Create(),
    DeployCommand.Create(),
    AppsCommand.Create(),
    PsCommand.Create(),
    LogsCommand.Create(),
    ScaleCommand.Create(),
    RollbackCommand.Create(),
    EnvCommand.Create(),
    DestroyCommand.Create(),
    StatusCommand.Create(),
    EventsCommand.Create(),
    MetricsCommand.Create(),
    TraceCommand.Create(),
    AlertsCommand.Create(),
    DomainsCommand.Create(),
    KeysCommand.Create(),
    CaCommand.Create(),
};

// Bare 'nimbus' shows what it can do.
var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Output.Fail(error.Message);
    }
    Output.Info("run 'nimbus --help' (or 'nimbus COMMAND --help') for usage");
    return ExitCodes.InvalidInput;
}
// 'up' and 'agent' handle SIGINT/SIGTERM themselves to stop instances gracefully; others end on Ctrl+C.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = UpCommand.HandlesSignals(parsed) ? null : TimeSpan.FromSeconds(2) });
