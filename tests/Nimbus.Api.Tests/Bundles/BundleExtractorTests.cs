using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Runtime.Versioning;
using Nimbus.Api.Bundles;

namespace Nimbus.Api.Tests.Bundles;

// Unix file modes, symlinks and sockets are what these tests are about.
[UnsupportedOSPlatform("windows")]
public sealed class BundleExtractorTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _parent = new();
    private readonly TempDirectory _app = new();

    public void Dispose()
    {
        _parent.Dispose();
        _app.Dispose();
    }

    private string Destination => _parent.Combine("release");

    private static MemoryStream Archive(params TarEntry[] entries)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }
        output.Position = 0;
        return output;
    }

    private static PaxTarEntry File(string name, string content = "x", UnixFileMode mode = (UnixFileMode)0b110_100_100) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = mode };

    private static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    private async Task<InvalidBundleException> AssertRejectedAsync(Stream archive, BundleLimits? limits = null)
    {
        var error = await Assert.ThrowsAsync<InvalidBundleException>(
            () => BundleExtractor.ExtractAsync(archive, Destination, limits).WaitAsync(Timeout));
        Assert.False(Directory.Exists(Destination));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_parent.Path)); // no staging folder left behind
        return error;
    }

    [Fact]
    public async Task Extract_PackedFolder_RoundTripsContentAndExecBit()
    {
        _app.Write("server.py", "print('hi')");
        _app.Write("bin/start", "#!/bin/sh");
        System.IO.File.SetUnixFileMode(_app.Combine("bin/start"), (UnixFileMode)0b111_100_100); // 0744 -> 0755
        _app.Mkdir("data");
        var bundle = new MemoryStream();
        await BundlePacker.PackAsync(_app.Path, bundle).WaitAsync(Timeout);
        bundle.Position = 0;

        await BundleExtractor.ExtractAsync(bundle, Destination).WaitAsync(Timeout);

        Assert.Equal("print('hi')", await System.IO.File.ReadAllTextAsync(Path.Join(Destination, "server.py")));
        Assert.Equal((UnixFileMode)0b111_101_101, System.IO.File.GetUnixFileMode(Path.Join(Destination, "bin/start")));
        Assert.Equal((UnixFileMode)0b110_100_100, System.IO.File.GetUnixFileMode(Path.Join(Destination, "server.py")));
        Assert.True(Directory.Exists(Path.Join(Destination, "data")));
        Assert.Single(Directory.EnumerateFileSystemEntries(_parent.Path));
    }

    [Fact]
    public async Task Extract_DotSlashNamesAndImplicitFolders_AreAccepted()
    {
        await BundleExtractor.ExtractAsync(Archive(File("./a/b/c.txt", "deep"), new PaxTarEntry(TarEntryType.Directory, "./")), Destination).WaitAsync(Timeout);

        Assert.Equal("deep", await System.IO.File.ReadAllTextAsync(Path.Join(Destination, "a", "b", "c.txt")));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../evil")]
    [InlineData("ok/../evil")]
    [InlineData("/abs")]
    [InlineData("/etc/cron.d/evil")]
    [InlineData("a\\..\\..\\evil")]
    public async Task Extract_NameEscapingOrAbsolute_IsRejectedNamingTheEntry(string name)
    {
        var error = await AssertRejectedAsync(Archive(File("fine.txt"), File(name)));

        Assert.Equal(name, error.EntryName);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(_parent.Combine("evil")));
    }

    [Fact]
    public async Task Extract_SymlinkEntry_IsRejected()
    {
        var error = await AssertRejectedAsync(Archive(Link(TarEntryType.SymbolicLink, "passwd", "/etc/passwd")));

        Assert.Contains("'passwd'", error.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_HardlinkEntry_IsRejected()
    {
        var error = await AssertRejectedAsync(Archive(File("a.txt"), Link(TarEntryType.HardLink, "b.txt", "a.txt")));

        Assert.Equal("b.txt", error.EntryName);
        Assert.Contains("hard link", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TarEntryType.Fifo)]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    public async Task Extract_DeviceOrFifoEntry_IsRejected(TarEntryType type)
    {
        var error = await AssertRejectedAsync(Archive(new PaxTarEntry(type, "special")));

        Assert.Equal("special", error.EntryName);
    }

    [Fact]
    public async Task Extract_MoreEntriesThanTheLimit_IsRejected()
    {
        var limits = new BundleLimits { MaxEntries = 3 };

        var error = await AssertRejectedAsync(Archive(File("1"), File("2"), File("3"), File("4")), limits);

        Assert.Equal("4", error.EntryName);
        Assert.Contains("more than 3 entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_MoreBytesThanTheLimit_IsRejected()
    {
        var limits = new BundleLimits { MaxTotalBytes = 1000 };

        var error = await AssertRejectedAsync(Archive(File("a", new string('a', 600)), File("b", new string('b', 600))), limits);

        Assert.Equal("b", error.EntryName);
        Assert.Contains("more than 1000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_NameLongerThan4096_IsRejected()
    {
        var name = string.Join('/', Enumerable.Repeat(new string('d', 100), 41)) + "/f";

        var error = await AssertRejectedAsync(Archive(File(name)));

        Assert.Contains("longer than 4096", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_SamePathTwice_IsRejected()
    {
        var error = await AssertRejectedAsync(Archive(File("a.txt", "one"), File("a.txt", "two")));

        Assert.Equal("a.txt", error.EntryName);
    }

    [Fact]
    public async Task Extract_FileUnderAFile_IsRejected()
    {
        var error = await AssertRejectedAsync(Archive(File("a"), File("a/b")));

        Assert.Equal("a/b", error.EntryName);
    }

    [Fact]
    public async Task Extract_NotGzip_IsRejected() =>
        await AssertRejectedAsync(new MemoryStream(Encoding.ASCII.GetBytes("this is not a bundle")));

    [Fact]
    public async Task Extract_IntoExistingFolder_ThrowsAndLeavesItAlone()
    {
        Directory.CreateDirectory(Destination);
        System.IO.File.WriteAllText(Path.Join(Destination, "keep.txt"), "mine");

        await Assert.ThrowsAsync<IOException>(() => BundleExtractor.ExtractAsync(Archive(File("a")), Destination).WaitAsync(Timeout));

        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(Destination).Select(Path.GetFileName));
    }
}
