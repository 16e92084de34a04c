using System.Runtime.InteropServices;

namespace Nimbus.IntegrationTests;

internal static partial class Signals
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>Whether a process with this pid exists (and is not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state != 'Z' && state != 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
