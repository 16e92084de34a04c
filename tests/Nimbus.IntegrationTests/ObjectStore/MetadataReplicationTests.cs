using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Data.Sqlite;

namespace Nimbus.IntegrationTests.ObjectStore;

/// <summary>Every storage node keeps a copy of the object metadata (small objects live in it whole), following the
/// metadata node's change log; a write is answered once a majority of the copies have it. Real processes of
/// <c>nimbus up --zones N</c> and <c>nimbus storage</c>, the AWS SDK as the client.</summary>
public sealed class MetadataReplicationTests
{
    private static AmazonS3Client Client(NimbusCloud cloud, Uri? endpoint = null)
    {
        var (id, secret) = AwsFiles.ReadCredentials(cloud.Data);
        return new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(id, secret), new AmazonS3Config
        {
            ServiceURL = (endpoint ?? cloud.S3!).ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0,
        });
    }

    private static async Task<byte[]> GetAsync(AmazonS3Client s3, string bucket, string key)
    {
        using var get = await s3.GetObjectAsync(bucket, key);
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>The objects a node's metadata holds: bucket, key, version, etag, size and the layout (inline bytes or chunk references).</summary>
    private static string Objects(string directory)
    {
        var path = Path.Combine(directory, "meta.db");
        if (!File.Exists(path))
        {
            return "";
        }
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT b.name, v.key, v.version_id, v.latest, v.marker, v.etag, v.size, hex(v.layout), COALESCE(v.attributes, '')
            FROM versions v JOIN buckets b ON b.id = v.bucket ORDER BY b.name, v.key, v.id
            """;
        var text = new StringBuilder();
        SqliteDataReader reader;
        try
        {
            reader = command.ExecuteReader();
        }
        catch (SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return ""; // the node is still creating its database
        }
        using var owned = reader;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.GetValue(i)).Append('|');
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static async Task PutAsync(AmazonS3Client s3, string bucket, string key, int size, int seed)
    {
        var body = new byte[size];
        new Random(seed).NextBytes(body);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(body) });
    }

    [Fact]
    public async Task ThreeZones_EveryFollowerHoldsTheSameMetadata_ChangeByChange()
    {
        await using var cloud = await NimbusCloud.StartAsync(null, "--zones", "3");
        using var s3 = Client(cloud);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = "meta" });
        await PutAsync(s3, "meta", "small", 1_000, 1);
        await PutAsync(s3, "meta", "chunked", 300_000, 2);
        await PutAsync(s3, "meta", "gone", 10, 3);
        await s3.DeleteObjectAsync("meta", "gone");
        await s3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = "meta", Key = "small", Tagging = new Tagging { TagSet = [new Tag { Key = "t", Value = "1" }] } });

        var objects = Path.Combine(cloud.Data, "objects");
        var leader = Objects(objects);
        Assert.Contains("meta|small|", leader);
        Assert.DoesNotContain("gone", leader);
        foreach (var zone in new[] { "local-b", "local-c" })
        {
            // A write is answered when a majority has it: one follower at least at once, the other soon.
            await Poll.UntilAsync(() => Task.FromResult(Objects(Path.Combine(objects, zone)) == leader), TimeSpan.FromSeconds(30),
                $"the metadata copy on {zone} to equal the metadata node's");
        }
    }

    [Fact]
    public async Task NodeJoiningLater_GetsAWholeCopy_WritesWaitForAMajority_AndTheNodeCatchesUpWhenItReturns()
    {
        await using var cloud = await NimbusCloud.StartAsync(null);
        using var s3 = Client(cloud);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = "later" });
        for (var i = 0; i < 20; i++)
        {
            await PutAsync(s3, "later", $"before-{i}", 100 + i, i);
        }
        var objects = Path.Combine(cloud.Data, "objects");
        var data = NimbusCloud.NewDataDirectory();
        try
        {
            await using (var storage = RoleProcess.StartStorage(cloud, "local-b", data))
            {
                await Poll.UntilAsync(() => Task.FromResult(Objects(data) == Objects(objects) && Objects(data).Length > 0), TimeSpan.FromSeconds(60),
                    "the new storage node to copy the whole metadata");

                // Two nodes: a write needs both. Answered, so already on the follower.
                await PutAsync(s3, "later", "with-both", 5, 99);
                Assert.Equal(Objects(objects), Objects(data));
                Assert.Equal(0, await storage.StopAsync(Signals.SIGTERM, TimeSpan.FromSeconds(30)));
            }
            var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => PutAsync(s3, "later", "alone", 5, 100));
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            // Kept on the metadata node all the same (as S3 may keep a write whose answer was an error).
            Assert.Contains("later|alone|", Objects(objects));

            await using var again = RoleProcess.StartStorage(cloud, "local-b", data);
            await Poll.UntilAsync(() => Task.FromResult(Objects(data) == Objects(objects)), TimeSpan.FromSeconds(60),
                "the returning storage node to catch up on the metadata it missed");
            await PutAsync(s3, "later", "after", 5, 101);
            Assert.Equal(Objects(objects), Objects(data));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task EveryStorageNodeServesS3_ReadsFromItsCopy_WritesThroughTheMetadataNode_ReadYourWrites()
    {
        await using var cloud = await NimbusCloud.StartAsync(null, "--zones", "3");
        var nodes = await cloud.Client.ListStorageNodesAsync(CancellationToken.None);
        Assert.Equal(3, nodes.Items.Count);
        Assert.Single(nodes.Items, n => n.Spec.Metadata);
        var followers = nodes.Items.Where(n => !n.Spec.Metadata).Select(n => new Uri(n.Spec.S3)).ToArray();
        Assert.Equal(2, followers.Length);
        using var leader = Client(cloud);
        using var b = Client(cloud, followers[0]);
        using var c = Client(cloud, followers[1]);

        // A bucket made through one follower, an object written through it and read back from it at once.
        await b.PutBucketAsync(new PutBucketRequest { BucketName = "everywhere" });
        var body = new byte[200_000];
        new Random(5).NextBytes(body);
        await b.PutObjectAsync(new PutObjectRequest { BucketName = "everywhere", Key = "dir/big", InputStream = new MemoryStream(body) });
        Assert.Equal(body, await GetAsync(b, "everywhere", "dir/big"));
        await b.PutObjectAsync(new PutObjectRequest { BucketName = "everywhere", Key = "dir/small", ContentBody = "small and inline", ContentType = "text/plain" });
        Assert.Equal("small and inline"u8.ToArray(), await GetAsync(b, "everywhere", "dir/small"));
        // SSE-S3: encrypted under the metadata node's master key, readable on a follower.
        await b.PutObjectAsync(new PutObjectRequest { BucketName = "everywhere", Key = "secret", ContentBody = "sealed", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
        Assert.Equal("sealed"u8.ToArray(), await GetAsync(b, "everywhere", "secret"));

        // The other follower and the metadata node see the same (the other follower once its copy caught up).
        Assert.Equal(body, await GetAsync(leader, "everywhere", "dir/big"));
        await Poll.UntilAsync(async () =>
        {
            try
            {
                return (await c.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "everywhere" })).S3Objects.Count == 3;
            }
            catch (AmazonS3Exception)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the second follower to list the three objects");
        Assert.Equal("sealed"u8.ToArray(), await GetAsync(c, "everywhere", "secret"));
        var head = await c.GetObjectMetadataAsync("everywhere", "dir/small");
        Assert.Equal("text/plain", head.Headers.ContentType);

        // Deletes pass through too; a bad signature is refused by the metadata node, through the follower.
        await c.DeleteObjectAsync("everywhere", "dir/small");
        Assert.Equal("NoSuchKey", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => GetAsync(c, "everywhere", "dir/small"))).ErrorCode);
        using var forged = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(AwsFiles.ReadCredentials(cloud.Data).AccessKey, "not-the-secret"),
            new AmazonS3Config { ServiceURL = followers[0].ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => forged.PutObjectAsync(new PutObjectRequest { BucketName = "everywhere", Key = "x", ContentBody = "x" }));
        Assert.Equal("SignatureDoesNotMatch", refused.ErrorCode);
    }
}
