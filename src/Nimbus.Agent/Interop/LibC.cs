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

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChownNative(string path, int uid, int gid);

    /// <summary>Hands a file to the app user (instances never run as root).</summary>
    public static void Chown(string path, int uid, int gid)
    {
        if (ChownNative(path, uid, gid) != 0)
        {
            throw new IOException($"chown {path} to {uid}:{gid} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }
}
