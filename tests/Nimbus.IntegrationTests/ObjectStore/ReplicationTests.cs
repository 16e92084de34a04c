using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace Nimbus.IntegrationTests.ObjectStore;

/// <summary>Chunks replicated across zones by a real <c>nimbus up --zones N</c> (and a standalone <c>nimbus storage</c>):
/// byte-identical copies, reads and scrub repair from a replica, and a node that comes back catching up.</summary>
public sealed class ReplicationTests
{
    private static AmazonS3Client Client(NimbusCloud cloud)
    {
        var (id, secret) = AwsFiles.ReadCredentials(cloud.Data);
        return new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(id, secret), new AmazonS3Config
        {
            ServiceURL = cloud.S3!.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0,
        });
    }

    private static byte[] Body(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string[] ChunkFiles(string objectsDirectory) =>
        Directory.Exists(Path.Combine(objectsDirectory, "chunks"))
            ? Directory.GetFiles(Path.Combine(objectsDirectory, "chunks"), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)).ToArray()
            : [];

    private static async Task<byte[]> GetAsync(AmazonS3Client s3, string bucket, string key)
    {
        using var get = await s3.GetObjectAsync(bucket, key);
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task ThreeZones_ChunkOnEveryZone_CorruptLocalCopyIsServedFromAReplicaAndScrubRepairsIt()
    {
        await using var cloud = await NimbusCloud.StartAsync(null, "--zones", "3");
        using var s3 = Client(cloud);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = "replicated" });
        var body = Body(3 * 1024 * 1024, 7);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "replicated", Key = "big", InputStream = new MemoryStream(body) });

        var objects = Path.Combine(cloud.Data, "objects");
        var local = Assert.Single(ChunkFiles(objects));
        var good = await File.ReadAllBytesAsync(local);
        foreach (var zone in new[] { "local-b", "local-c" })
        {
            var copy = Assert.Single(ChunkFiles(Path.Combine(objects, zone)));
            Assert.Equal(Path.GetFileName(local), Path.GetFileName(copy));
            Assert.Equal(good, await File.ReadAllBytesAsync(copy));
        }

        await using (var file = new FileStream(local, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = file.Length / 2;
            var b = file.ReadByte();
            file.Position = file.Length / 2;
            file.WriteByte((byte)(b ^ 0x5A));
        }
        Assert.Equal(SHA256.HashData(body), SHA256.HashData(await GetAsync(s3, "replicated", "big")));

        var nodes = await cloud.Client.ListStorageNodesAsync(CancellationToken.None);
        Assert.Equal(3, nodes.Items.Count);
        var peer = new Uri(nodes.Items.Single(n => n.Spec.Zone == "local-a").Spec.Peer);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        using var scrub = new HttpRequestMessage(HttpMethod.Post, new Uri(peer, "v1/scrub"));
        scrub.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cloud.Token);
        using var response = await http.SendAsync(scrub);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, report.RootElement.GetProperty("corruptChunks").GetInt64());
        Assert.Equal(1, report.RootElement.GetProperty("repairedChunks").GetInt64());
        Assert.Equal(good, await File.ReadAllBytesAsync(local));
    }

    [Fact]
    public async Task NodeDownDuringWrites_WritesStillSucceed_AndTheNodeCatchesUpWhenItReturns()
    {
        await using var cloud = await NimbusCloud.StartAsync(null, "--zones", "2");
        var data = NimbusCloud.NewDataDirectory();
        try
        {
            var storage = RoleProcess.StartStorage(cloud, "local-c", data);
            await Poll.UntilAsync(async () => (await cloud.Client.ListStorageNodesAsync(CancellationToken.None)).Items.Count == 3,
                TimeSpan.FromSeconds(60), "the standalone storage node to register");
            using var s3 = Client(cloud);
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = "catchup" });
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "catchup", Key = "before", InputStream = new MemoryStream(Body(300_000, 1)) });
            // The bucket has three copies: the standalone node gets its own.
            await Poll.UntilAsync(() => Task.FromResult(ChunkFiles(data).Length == 1), TimeSpan.FromSeconds(30), "the standalone node's copy of the first chunk");

            Assert.Equal(0, await storage.StopAsync(Signals.SIGTERM, TimeSpan.FromSeconds(30)));
            await storage.DisposeAsync();
            var bodies = new Dictionary<string, byte[]>();
            for (var i = 0; i < 3; i++)
            {
                bodies[$"while-down-{i}"] = Body(200_000 + i, 10 + i);
                // Two of three copies are a quorum: acknowledged while local-c is down.
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "catchup", Key = $"while-down-{i}", InputStream = new MemoryStream(bodies[$"while-down-{i}"]) });
            }
            var missed = ChunkFiles(Path.Combine(cloud.Data, "objects")).Select(Path.GetFileName).Except(ChunkFiles(data).Select(Path.GetFileName)).ToArray();
            Assert.Equal(3, missed.Length);

            await using var again = RoleProcess.StartStorage(cloud, "local-c", data);
            await Poll.UntilAsync(() => Task.FromResult(missed.All(id => ChunkFiles(data).Any(f => Path.GetFileName(f) == id))),
                TimeSpan.FromSeconds(60), "the returning storage node to receive the chunks it missed");
            foreach (var id in missed)
            {
                var local = ChunkFiles(Path.Combine(cloud.Data, "objects")).Single(f => Path.GetFileName(f) == id);
                Assert.Equal(await File.ReadAllBytesAsync(local), await File.ReadAllBytesAsync(ChunkFiles(data).Single(f => Path.GetFileName(f) == id)));
            }
            foreach (var (key, body) in bodies)
            {
                Assert.Equal(body, await GetAsync(s3, "catchup", key));
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
