namespace Nimbus.Api.Files;

/// <summary>Writes a file whole or not at all: a temp file created with its final mode, fsynced, then renamed
/// over the old one — a reader never sees half a file, and a secret is never briefly readable by others.
/// Shared by the CLI (endpoints, credentials) and the control plane (CA and custom-domain keys).</summary>
public static class AtomicFile
{
    /// <summary>0600: for keys and tokens.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0644: for certificates and other files anyone on the machine may read.</summary>
    public const UnixFileMode WorldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void Write(string path, string content, UnixFileMode mode)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = mode,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
