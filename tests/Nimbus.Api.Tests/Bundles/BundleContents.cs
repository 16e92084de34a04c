using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Nimbus.Api.Tests.Bundles;

/// <summary>Reads a .tar.gz back into (name, type, mode, mtime, uid, content) for assertions.</summary>
internal static class BundleContents
{
    public sealed record Entry(string Name, TarEntryType Type, UnixFileMode Mode, DateTimeOffset ModificationTime, int Uid, int Gid, string UserName, string Content);

    public static List<Entry> Read(byte[] tarGz)
    {
        using var gzip = new GZipStream(new MemoryStream(tarGz), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var entries = new List<Entry>();
        while (reader.GetNextEntry() is { } e)
        {
            var content = e.DataStream is null ? "" : new StreamReader(e.DataStream, Encoding.UTF8).ReadToEnd();
            entries.Add(new Entry(e.Name, e.EntryType, e.Mode, e.ModificationTime, e.Uid, e.Gid, (e as PosixTarEntry)?.UserName ?? "", content));
        }
        return entries;
    }

    public static byte[] Decompress(byte[] tarGz)
    {
        using var gzip = new GZipStream(new MemoryStream(tarGz), CompressionMode.Decompress);
        var tar = new MemoryStream();
        gzip.CopyTo(tar);
        return tar.ToArray();
    }
}
