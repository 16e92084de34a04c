namespace Nimbus.Hosting;

/// <summary>Writes a file whole or not at all: a temp file created with its final mode, fsynced, then renamed
/// over the old one — a reader never sees half a file, and a secret is never briefly readable by others.</summary>
internal static class AtomicFile
{
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
