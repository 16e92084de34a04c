using System.Diagnostics;
using Nimbus.Agent.Interop;
using Nimbus.Agent.Logs;

namespace Nimbus.Agent.Runtime;

/// <summary>A started instance or build process: its group, its exit, and the end of its output.</summary>
internal sealed class LaunchedProcess : IDisposable
{
    private readonly Process _process;

    public LaunchedProcess(Process process, InstanceLogWriter? log, Action<string, string>? onLine)
    {
        _process = process;
        Pid = process.Id;
        process.StandardInput.Close();
        var stdout = Task.Run(() => OutputPump.RunAsync(process.StandardOutput.BaseStream, "out", log, onLine));
        var stderr = Task.Run(() => OutputPump.RunAsync(process.StandardError.BaseStream, "err", log, onLine));
        OutputCompleted = Task.WhenAll(stdout, stderr);
        Exited = WaitForExitCodeAsync(process);
    }

    /// <summary>Pid of the lead process, which is also its process group id.</summary>
    public int Pid { get; }

    /// <summary>Completes with the exit code (128 + n when killed by signal n) when the lead process exits.</summary>
    public Task<int> Exited { get; }

    /// <summary>Completes when every holder of the output pipes (the whole group, usually) is gone.</summary>
    public Task OutputCompleted { get; }

    public bool SignalGroup(int signal) => Signals.SendToGroup(Pid, signal);

    public void Dispose() => _process.Dispose();

    private static async Task<int> WaitForExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }
}
