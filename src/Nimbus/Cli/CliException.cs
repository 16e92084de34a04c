namespace Nimbus.Cli;

/// <summary>A failure to tell the user about (on stderr) with the exit code to leave with.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
