using System.Security.Cryptography;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Bundles;
using Nimbus.ControlPlane.Controllers;

namespace Nimbus.ControlPlane.Tests.Controllers;

public sealed class BlobRetentionControllerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nimbus-blobs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Pass_DeletesOldUnreferencedBlobs_AndKeepsReferencedOrRecentOnes()
    {
        var blobs = new BlobStore(new ControlPlaneOptions { DataDirectory = _dir });
        var referenced = await StoreAsync(blobs, "kept: a release uses it");
        var orphan = await StoreAsync(blobs, "gone: nothing uses it");
        var fresh = await StoreAsync(blobs, "kept: just uploaded, its release is on the way");
        var now = DateTimeOffset.UtcNow;
        foreach (var old in new[] { referenced, orphan })
        {
            File.SetLastWriteTimeUtc(blobs.PathOf(old), (now - TimeSpan.FromHours(2)).UtcDateTime);
        }
        var release = new Release { Metadata = new ObjectMeta { Name = "web-v1" }, Spec = new ReleaseSpec { App = "web", Version = 1, Bundle = referenced } };

        await new BlobRetentionController(blobs).ReconcileAsync(new ClusterSnapshot([], [], [release], [], now), default);

        Assert.True(blobs.Exists(referenced));
        Assert.False(blobs.Exists(orphan));
        Assert.True(blobs.Exists(fresh));
    }

    private static async Task<string> StoreAsync(BlobStore blobs, string content)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        var (_, error) = await blobs.WriteAsync(digest, new MemoryStream(bytes), 1024, default);
        Assert.Null(error);
        return digest;
    }
}
