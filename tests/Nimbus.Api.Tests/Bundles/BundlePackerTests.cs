using System.Formats.Tar;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Nimbus.Api.Bundles;

namespace Nimbus.Api.Tests.Bundles;

// Unix file modes, symlinks and sockets are what these tests are about.
[UnsupportedOSPlatform("windows")]
public sealed class BundlePackerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _outside = new();

    public void Dispose()
    {
        _dir.Dispose();
        _outside.Dispose();
    }

    private async Task<(byte[] Bytes, PackResult Result)> PackAsync(string? directory = null)
    {
        var output = new MemoryStream();
        var result = await BundlePacker.PackAsync(directory ?? _dir.Path, output).WaitAsync(Timeout);
        return (output.ToArray(), result);
    }

    private void WriteSampleApp()
    {
        _dir.Write("server.py", "print('hi')\n");
        _dir.Write("lib/util.py", "X = 1\n");
        _dir.Write("lib-extra/a.txt", "a");
        _dir.Write("run.sh", "#!/bin/sh\n");
        File.SetUnixFileMode(_dir.Combine("run.sh"), (UnixFileMode)0b111_000_000); // 0700: any x bit means 0755
        _dir.Mkdir("empty");
    }

    [Fact]
    public async Task Pack_SameFolderTwice_GivesSameBytes_EvenAfterTouchingFiles()
    {
        WriteSampleApp();
        var first = await PackAsync();
        File.SetLastWriteTimeUtc(_dir.Combine("server.py"), DateTime.UtcNow.AddDays(-3));
        var second = await PackAsync();

        Assert.Equal(BundleDigest.Compute(first.Bytes), BundleDigest.Compute(second.Bytes));
    }

    [Fact]
    public async Task Pack_WritesSortedEntriesWithFixedMetadataAndNormalisedModes()
    {
        WriteSampleApp();
        File.SetUnixFileMode(_dir.Combine("server.py"), (UnixFileMode)0b110_110_110); // 0666 becomes 0644

        var (bytes, result) = await PackAsync();
        var entries = BundleContents.Read(bytes);

        Assert.Equal(["empty/", "lib-extra/", "lib-extra/a.txt", "lib/", "lib/util.py", "run.sh", "server.py"], entries.Select(e => e.Name));
        Assert.All(entries, e =>
        {
            Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), e.ModificationTime);
            Assert.Equal(0, e.Uid);
            Assert.Equal(0, e.Gid);
            Assert.Equal("", e.UserName);
        });
        Assert.Equal((UnixFileMode)0b111_101_101, entries.Single(e => e.Name == "run.sh").Mode);
        Assert.Equal((UnixFileMode)0b110_100_100, entries.Single(e => e.Name == "server.py").Mode);
        Assert.Equal((UnixFileMode)0b111_101_101, entries.Single(e => e.Name == "lib/").Mode);
        Assert.Equal(4, result.FileCount);
        Assert.Equal(12 + 6 + 1 + 10, result.UncompressedBytes);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task Pack_TarFormat_IsFrozen()
    {
        // Golden test: the uncompressed tar of this folder is part of the bundle format. If this changes,
        // every bundle's content address changes; do it on purpose or not at all.
        _dir.Write("app.py", "print('hello')\n");
        _dir.Write("bin/start", "#!/bin/sh\nexec python3 app.py\n");
        File.SetUnixFileMode(_dir.Combine("bin/start"), (UnixFileMode)0b111_101_101);
        _dir.Write(new string('n', 120) + ".txt", "long name");

        var (bytes, _) = await PackAsync();

        Assert.Equal("sha256:1b129614a07ef0f3f3917285b2ef5ad0155c8dca2daaf2f49d04569662f7364d", BundleDigest.Compute(BundleContents.Decompress(bytes)));
    }

    [Fact]
    public async Task Pack_LeavesOutIgnoredFilesAndGit_AndDoesNotDescendIntoIgnoredFolders()
    {
        _dir.Write("app.py", "");
        _dir.Write(".git/HEAD", "ref: refs/heads/main");
        _dir.Write(".gitignore", "node_modules/\n*.pyc\n!keep.pyc\n");
        _dir.Write("node_modules/x/index.js", "");
        _dir.Write("node_modules/.gitignore", "!*\n");
        _dir.Write("lib/a.pyc", "");
        _dir.Write("lib/keep.pyc", "");
        _dir.Write(".nimbusignore", "secrets.env\n");
        _dir.Write("secrets.env", "TOKEN=1");

        var (bytes, _) = await PackAsync();

        Assert.Equal([".gitignore", ".nimbusignore", "app.py", "lib/", "lib/keep.pyc"], BundleContents.Read(bytes).Select(e => e.Name));
    }

    [Fact]
    public async Task Pack_LongAndNonAsciiNames_RoundTripThroughPaxHeaders()
    {
        var longName = string.Join('/', Enumerable.Repeat("folder-with-a-long-name", 8)) + "/file.txt";
        _dir.Write(longName, "deep");
        _dir.Write("héllo-wörld.txt", "unicode");

        var (bytes, _) = await PackAsync();
        var entries = BundleContents.Read(bytes);

        Assert.Equal("deep", entries.Single(e => e.Name == longName).Content);
        Assert.Equal("unicode", entries.Single(e => e.Name == "héllo-wörld.txt").Content);
    }

    [Fact]
    public async Task Pack_SymlinkToFileInside_StoresTheFilesContent()
    {
        _dir.Write("config/real.conf", "port=8080");
        File.CreateSymbolicLink(_dir.Combine("current.conf"), "config/real.conf");

        var (bytes, result) = await PackAsync();
        var link = BundleContents.Read(bytes).Single(e => e.Name == "current.conf");

        Assert.Equal(TarEntryType.RegularFile, link.Type);
        Assert.Equal("port=8080", link.Content);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("OUTSIDE")]
    [InlineData("../OUTSIDE")]
    public async Task Pack_SymlinkLeavingTheFolder_IsSkippedWithAWarning(string target)
    {
        var outsideFile = Path.Join(_outside.Path, "secret.txt");
        File.WriteAllText(outsideFile, "secret");
        var app = _dir.Mkdir("app");
        File.WriteAllText(Path.Join(app, "app.py"), "");
        var linkTarget = target switch
        {
            "OUTSIDE" => outsideFile,
            "../OUTSIDE" => Path.GetRelativePath(app, outsideFile),
            _ => target,
        };
        File.CreateSymbolicLink(Path.Join(app, "leak"), linkTarget);

        var (bytes, result) = await PackAsync(app);

        Assert.Equal(["app.py"], BundleContents.Read(bytes).Select(e => e.Name));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("'leak'", warning, StringComparison.Ordinal);
        Assert.Contains("outside", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pack_SymlinkThroughALinkedFolderOutside_IsSkipped()
    {
        File.WriteAllText(Path.Join(_outside.Path, "secret.txt"), "secret");
        Directory.CreateSymbolicLink(_dir.Combine("escape"), _outside.Path);
        File.CreateSymbolicLink(_dir.Combine("sneaky"), "escape/secret.txt");

        var (bytes, result) = await PackAsync();

        Assert.Empty(BundleContents.Read(bytes));
        Assert.Equal(2, result.Warnings.Count);
    }

    [Fact]
    public async Task Pack_SymlinkToFolderAndDanglingSymlink_AreSkippedWithWarnings()
    {
        _dir.Write("static/index.html", "<h1>");
        Directory.CreateSymbolicLink(_dir.Combine("public"), "static");
        File.CreateSymbolicLink(_dir.Combine("broken"), "does-not-exist");

        var (bytes, result) = await PackAsync();

        Assert.Equal(["static/", "static/index.html"], BundleContents.Read(bytes).Select(e => e.Name));
        Assert.Contains(result.Warnings, w => w.Contains("'public'", StringComparison.Ordinal) && w.Contains("folders", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("'broken'", StringComparison.Ordinal) && w.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pack_SocketAndEmptyFile_SocketSkippedEmptyFileKept()
    {
        _dir.Write("empty.txt", "");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_dir.Combine("app.sock")));

        var (bytes, result) = await PackAsync();

        Assert.Equal(["empty.txt"], BundleContents.Read(bytes).Select(e => e.Name));
        Assert.Contains("'app.sock'", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pack_ReportsProgressUpToTheTotalContentSize()
    {
        _dir.Write("a.bin", new string('a', 300_000));
        _dir.Write("b.bin", new string('b', 5));
        var reports = new List<long>();
        var progress = new SynchronousProgress(reports.Add);

        var result = await BundlePacker.PackAsync(_dir.Path, new MemoryStream(), progress).WaitAsync(Timeout);

        Assert.Equal(300_005, result.UncompressedBytes);
        Assert.Equal(300_005, reports[^1]);
        Assert.True(reports.Count > 1);
    }

    [Fact]
    public async Task Pack_MissingFolder_Throws() =>
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => BundlePacker.PackAsync(_dir.Combine("nope"), new MemoryStream()).WaitAsync(Timeout));

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
