using Nimbus.Agent.Interop;
using Nimbus.Agent.Logs;

namespace Nimbus.Agent.Runtime;

/// <summary>Runs a command to completion (an app's build step) the way instances run: own group, app user, given env.</summary>
public static class CommandRunner
{
    public const int OutputTailLines = 20;
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan OutputDrainWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs <c>/bin/sh -c <paramref name="command"/></c>. On timeout the process group is SIGKILLed and the result says
    /// <see cref="CommandResult.TimedOut"/>; on cancellation it is SIGKILLed and <see cref="OperationCanceledException"/>
    /// is thrown. Processes it leaves running in its group are killed either way.
    /// </summary>
    public static async Task<CommandResult> RunAsync(string command, string workingDirectory,
        IReadOnlyDictionary<string, string> env, (int Uid, int Gid)? runAs, InstanceLogWriter? log, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var tail = new Queue<string>();
        void Remember(string stream, string text)
        {
            lock (tail)
            {
                tail.Enqueue(text);
                if (tail.Count > OutputTailLines)
                {
                    tail.Dequeue();
                }
            }
        }

        using var process = ProcessLauncher.Start(new LaunchRequest(command, workingDirectory, env, runAs, []), log, Remember);
        var timedOut = false;
        try
        {
            await process.Exited.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            timedOut = true;
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process).ConfigureAwait(false);
            throw;
        }

        await KillAsync(process).ConfigureAwait(false);
        var exitCode = process.Exited.IsCompletedSuccessfully ? process.Exited.Result : -1;
        var exit = timedOut ? $"timed out after {timeout}" : ExitDescription.Describe(exitCode, oomKilled: false);
        lock (tail)
        {
            return new CommandResult(exitCode, timedOut, exit, [.. tail]);
        }
    }

    private static async Task KillAsync(LaunchedProcess process)
    {
        process.SignalGroup(Signals.SIGKILL);
        try
        {
            await process.Exited.WaitAsync(KillWait).ConfigureAwait(false);
            await process.OutputCompleted.WaitAsync(OutputDrainWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }
}
