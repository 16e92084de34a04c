using System.Formats.Tar;

namespace Nimbus.Api.Bundles;

/// <summary>
/// Tells a regular file from a fifo, socket or device. .NET exposes no file type beyond file/directory/link,
/// and opening a fifo to find out would block, so this asks the runtime's own lstat-based tar writer,
/// which records the type without opening anything but regular files. Only zero-length files need asking:
/// fifos, sockets and devices always report a length of 0.
/// </summary>
internal static class FileKindProbe
{
    private const int TypeFlagOffset = 156;

    public static bool IsRegularFile(FileInfo file)
    {
        if (file.Length > 0)
        {
            return true;
        }
        using var scratch = new MemoryStream(capacity: 2048);
        try
        {
            using (var writer = new TarWriter(scratch, TarEntryFormat.Ustar, leaveOpen: true))
            {
                writer.WriteEntry(file.FullName, "probe");
            }
        }
        catch (IOException)
        {
            // Sockets: "the file type is not supported for tar archiving".
            return false;
        }
        return scratch.GetBuffer()[TypeFlagOffset] == (byte)TarEntryType.RegularFile;
    }
}
