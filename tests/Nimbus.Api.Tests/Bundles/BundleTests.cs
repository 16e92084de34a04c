using System.Security.Cryptography;
using Nimbus.Api.Bundles;

namespace Nimbus.Api.Tests.Bundles;

public sealed class BundleTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _app = new();
    private readonly TempDirectory _work = new();

    public void Dispose()
    {
        _app.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task PackToFile_DigestAndSizeMatchTheFileWritten()
    {
        _app.Write("server.py", "print('hi')");
        var path = Path.Join(_work.Path, "bundle.tar.gz");

        var packed = await Bundle.PackToFileAsync(_app.Path, path).WaitAsync(Timeout);

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), packed.Digest);
        Assert.Equal(bytes.Length, packed.Size);
        Assert.Equal(path, packed.Path);
        Assert.Equal(1, packed.Contents.FileCount);
        Assert.True(BundleDigest.IsValid(packed.Digest));
    }

    [Fact]
    public async Task PackToFile_SameFolderTwice_SameDigest()
    {
        _app.Write("a.txt", "a");
        _app.Write("b/c.txt", "c");

        var first = await Bundle.PackToFileAsync(_app.Path, Path.Join(_work.Path, "1.tar.gz")).WaitAsync(Timeout);
        var second = await Bundle.PackToFileAsync(_app.Path, Path.Join(_work.Path, "2.tar.gz")).WaitAsync(Timeout);

        Assert.Equal(first.Digest, second.Digest);
    }

    [Fact]
    public async Task PackToFile_WhenPackingFails_LeavesNoFile()
    {
        var path = Path.Join(_work.Path, "bundle.tar.gz");

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => Bundle.PackToFileAsync(_app.Combine("missing"), path).WaitAsync(Timeout));

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task PackToTempFile_WritesAFileWhoseDigestMatches()
    {
        _app.Write("x", "y");

        var packed = await Bundle.PackToTempFileAsync(_app.Path).WaitAsync(Timeout);
        try
        {
            await using var file = File.OpenRead(packed.Path!);
            Assert.Equal(packed.Digest, await BundleDigest.ComputeAsync(file));
        }
        finally
        {
            File.Delete(packed.Path!);
        }
    }
}
