namespace Nimbus.Agent.Runtime;

/// <summary>How a one-off command (an app's build) ended.</summary>
/// <param name="ExitCode">Exit status; 128 + n when killed by signal n.</param>
/// <param name="TimedOut">It ran past its timeout and was killed.</param>
/// <param name="Exit">"exit code 2", "killed by SIGKILL", "timed out after 5m".</param>
/// <param name="Output">The last lines it wrote, stdout and stderr interleaved as read.</param>
public sealed record CommandResult(int ExitCode, bool TimedOut, string Exit, IReadOnlyList<string> Output)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;
}
