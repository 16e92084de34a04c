using System.Runtime.InteropServices;

namespace Nimbus.Agent.Interop;

/// <summary>The few libc calls the agent needs that .NET does not expose.</summary>
internal static partial class LibC
{
    public const int ESRCH = 3;
    public const int W_OK = 2;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    /// <summary>kill(2); a negative pid addresses a whole process group.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);

    public static bool IsWritable(string path) => Access(path, W_OK) == 0;
}
