namespace Nimbus.Agent.Interop;

/// <summary>Linux signal numbers (identical on x64 and arm64 for the ones used here).</summary>
internal static class Signals
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGABRT = 6;
    public const int SIGKILL = 9;
    public const int SIGSEGV = 11;
    public const int SIGPIPE = 13;
    public const int SIGTERM = 15;

    public static string Name(int signal) => signal switch
    {
        SIGHUP => "SIGHUP",
        SIGINT => "SIGINT",
        SIGQUIT => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        SIGABRT => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        SIGKILL => "SIGKILL",
        10 => "SIGUSR1",
        SIGSEGV => "SIGSEGV",
        12 => "SIGUSR2",
        SIGPIPE => "SIGPIPE",
        14 => "SIGALRM",
        SIGTERM => "SIGTERM",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        _ => $"signal {signal}",
    };

    /// <summary>Sends <paramref name="signal"/> to every process in the group; false when the group is gone.</summary>
    public static bool SendToGroup(int processGroupId, int signal)
    {
        if (processGroupId <= 1)
        {
            // kill(0 or -1, ..) would hit the agent's own group or every process: never.
            return false;
        }

        return LibC.Kill(-processGroupId, signal) == 0;
    }

    public static bool SendToProcess(int pid, int signal) => pid > 1 && LibC.Kill(pid, signal) == 0;
}
