using Nimbus.Api.Bundles;

namespace Nimbus.Api.Tests.Bundles;

/// <summary>Bundles come from the network: whatever the bytes, extraction either succeeds inside the destination
/// or fails with <see cref="InvalidBundleException"/> — never another exception, never a file outside.</summary>
public sealed class BundleExtractorFuzzTests
{
    [Fact]
    public async Task Extract_MutatedBundles_FailCleanlyAndNeverWriteOutside()
    {
        using var source = new TempDirectory();
        source.Write("app/server.py", "print('hello')\n");
        source.Write("app/lib/util.py", new string('x', 5000));
        source.Write("README.md", "readme");
        using var packed = new MemoryStream();
        await Bundle.PackAsync(source.Path, packed);
        var valid = packed.ToArray();

        using var work = new TempDirectory();
        var random = new Random(20261122);
        for (var round = 0; round < 300; round++)
        {
            var bytes = Mutate(valid, random);
            var destination = Path.Combine(work.Path, "out", $"r{round}");
            try
            {
                await BundleExtractor.ExtractAsync(new MemoryStream(bytes), destination, new BundleLimits { MaxTotalBytes = 1 << 20, MaxEntries = 100 });
            }
            catch (InvalidBundleException)
            {
                Assert.False(Directory.Exists(destination), $"round {round}: a failed extract left {destination} behind");
            }
        }

        // Nothing may appear beside the per-round destinations.
        Assert.Equal(["out"], Directory.GetFileSystemEntries(work.Path).Select(Path.GetFileName));
        Assert.All(Directory.GetFileSystemEntries(Path.Combine(work.Path, "out")), e => Assert.StartsWith("r", Path.GetFileName(e)));
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                // Pure noise.
                var noise = new byte[random.Next(0, 2048)];
                random.NextBytes(noise);
                return noise;
            case 1:
                // Truncated.
                return valid[..random.Next(0, valid.Length)];
            default:
                // A few flipped bytes anywhere (gzip header, deflate stream, trailer).
                var copy = (byte[])valid.Clone();
                for (var i = random.Next(1, 8); i > 0; i--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
                }
                return copy;
        }
    }
}
