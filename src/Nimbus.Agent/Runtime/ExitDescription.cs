using System.Globalization;
using Nimbus.Agent.Interop;

namespace Nimbus.Agent.Runtime;

/// <summary>Turns an exit status into the words of InstanceState.LastExit.</summary>
internal static class ExitDescription
{
    /// <param name="exitCode">As .NET reports it: the exit status, or 128 + n for death by signal n (which is
    /// also what a shell reports when its child dies that way).</param>
    /// <param name="oomKilled">The cgroup's OOM-kill counter went up during the run.</param>
    public static string Describe(int exitCode, bool oomKilled)
    {
        if (oomKilled && exitCode == 128 + Signals.SIGKILL)
        {
            return "OOM-killed";
        }

        return exitCode is > 128 and <= 128 + 64
            ? "killed by " + Signals.Name(exitCode - 128)
            : "exit code " + exitCode.ToString(CultureInfo.InvariantCulture);
    }
}
