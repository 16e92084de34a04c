using System.Runtime.InteropServices;

namespace Nimbus.Agent;

/// <summary>libc calls the framework does not expose.</summary>
internal static partial class Native
{
    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChownNative(string path, int uid, int gid);

    public static void Chown(string path, int uid, int gid)
    {
        if (ChownNative(path, uid, gid) != 0)
        {
            throw new IOException($"chown {path} to {uid}:{gid} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }
}
