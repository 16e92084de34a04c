using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace Nimbus.IntegrationTests.ObjectStore;

/// <summary>Buckets, listings, versioning and batch deletes through the AWS SDK for .NET.</summary>
[Collection(S3CloudCollection.Name)]
public sealed class S3SdkBucketTests(S3CloudFixture fixture)
{
    [Fact]
    public async Task Buckets_CreateListHeadDelete_WithS3Errors()
    {
        using var s3 = fixture.Client();
        var bucket = S3CloudFixture.NewBucket("life");
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        var again = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }));
        Assert.Equal("BucketAlreadyOwnedByYou", again.ErrorCode);
        Assert.Contains((await s3.ListBucketsAsync()).Buckets, b => b.BucketName == bucket);
        var location = await s3.GetBucketLocationAsync(bucket);
        Assert.NotNull(location);

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });
        var notEmpty = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.DeleteBucketAsync(bucket));
        Assert.Equal("BucketNotEmpty", notEmpty.ErrorCode);
        await s3.DeleteObjectAsync(bucket, "k");
        await s3.DeleteBucketAsync(bucket);
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));
        Assert.Equal("NoSuchBucket", gone.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task CreateBucket_InvalidName_IsInvalidBucketName()
    {
        using var s3 = fixture.Client();
        foreach (var name in new[] { "UpperCase", "ab", "bad..dots", "192.168.1.1" })
        {
            var ex = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.PutBucketAsync(new PutBucketRequest { BucketName = name }));
            Assert.Equal("InvalidBucketName", ex.ErrorCode);
        }
    }

    [Fact]
    public async Task ListObjectsV2_PagesWithDelimiterAndContinuation()
    {
        using var s3 = fixture.Client();
        var bucket = S3CloudFixture.NewBucket("list");
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        var keys = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            keys.Add($"photos/2024/{i:D2}.jpg");
        }
        keys.AddRange(["photos/2025/a.jpg", "docs/readme.md", "top.txt", "with space/ü.txt"]);
        await Task.WhenAll(keys.Select(k => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = k, ContentBody = k })));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 7, ContinuationToken = token });
            seen.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            pages++;
        }
        while (token is not null);
        Assert.Equal(keys.Order(StringComparer.Ordinal), seen);
        Assert.Equal(5, pages);

        var top = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/" });
        Assert.Equal(["docs/", "photos/", "with space/"], top.CommonPrefixes);
        Assert.Equal(["top.txt"], (top.S3Objects ?? []).Select(o => o.Key));
        var years = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "photos/", Delimiter = "/" });
        Assert.Equal(["photos/2024/", "photos/2025/"], years.CommonPrefixes);

        var v1 = await s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Prefix = "photos/2024/", MaxKeys = 10 });
        Assert.Equal(10, v1.S3Objects.Count);
        Assert.True(v1.IsTruncated);
    }

    [Fact]
    public async Task Versioning_KeepsVersionsAndDeleteMarkers()
    {
        using var s3 = fixture.Client();
        var bucket = S3CloudFixture.NewBucket("ver");
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        Assert.Equal(VersionStatus.Enabled, (await s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket })).VersioningConfig.Status);

        var v1 = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc", ContentBody = "one" });
        var v2 = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc", ContentBody = "two" });
        Assert.NotEqual(v1.VersionId, v2.VersionId);
        var deleted = await s3.DeleteObjectAsync(bucket, "doc");
        Assert.Equal("true", deleted.DeleteMarker);

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "doc"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var old = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "doc", VersionId = v1.VersionId }))
        {
            Assert.Equal("one", Encoding.UTF8.GetString(await S3SdkObjectTests.ReadAllAsync(old.ResponseStream)));
        }
        var versions = await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
        Assert.Equal(3, versions.Versions.Count);
        Assert.True(versions.Versions[0].IsDeleteMarker);
        Assert.True(versions.Versions[0].IsLatest);
        Assert.Equal(v2.VersionId, versions.Versions[1].VersionId);

        // Removing the marker brings the newest version back.
        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "doc", VersionId = deleted.VersionId });
        using var back = await s3.GetObjectAsync(bucket, "doc");
        Assert.Equal("two", Encoding.UTF8.GetString(await S3SdkObjectTests.ReadAllAsync(back.ResponseStream)));
    }

    [Fact]
    public async Task DeleteObjects_RemovesTheBatch()
    {
        using var s3 = fixture.Client();
        var bucket = S3CloudFixture.NewBucket("batch");
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        for (var i = 0; i < 5; i++)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"k{i}", ContentBody = "x" });
        }
        var result = await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [.. Enumerable.Range(0, 5).Select(i => new KeyVersion { Key = $"k{i}" })] });
        Assert.Equal(5, result.DeletedObjects.Count);
        Assert.Empty((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
    }

    [Fact]
    public async Task Cors_ConfigurationAndPreflight()
    {
        using var s3 = fixture.Client();
        var bucket = S3CloudFixture.NewBucket("cors");
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        await s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new CORSConfiguration { Rules = [new CORSRule { AllowedOrigins = ["https://app.example"], AllowedMethods = ["GET", "PUT"], AllowedHeaders = ["*"], MaxAgeSeconds = 600 }] },
        });
        var config = await s3.GetCORSConfigurationAsync(bucket);
        Assert.Equal(["https://app.example"], Assert.Single(config.Configuration.Rules).AllowedOrigins);

        using var http = new HttpClient();
        using var ok = new HttpRequestMessage(HttpMethod.Options, new Uri(fixture.Endpoint, $"{bucket}/file"));
        ok.Headers.Add("Origin", "https://app.example");
        ok.Headers.Add("Access-Control-Request-Method", "PUT");
        ok.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var allowed = await http.SendAsync(ok);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var bad = new HttpRequestMessage(HttpMethod.Options, new Uri(fixture.Endpoint, $"{bucket}/file"));
        bad.Headers.Add("Origin", "https://evil.example");
        bad.Headers.Add("Access-Control-Request-Method", "PUT");
        using var refused = await http.SendAsync(bad);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task VirtualHostedStyle_AddressesTheBucketByHost()
    {
        using var path = fixture.Client();
        var bucket = S3CloudFixture.NewBucket("vhost");
        await path.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        // The SDK in its default addressing: requests go to http://BUCKET.s3.localhost:PORT/KEY, signed for that host.
        // Names under .localhost need not resolve here, so the connection is pinned to loopback.
        using var virtualHosted = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(fixture.AccessKey, fixture.SecretKey), new AmazonS3Config
        {
            ServiceURL = $"http://s3.localhost:{fixture.Endpoint.Port}",
            ForcePathStyle = false,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new LoopbackHttpClientFactory(fixture.Endpoint.Port),
        });
        await virtualHosted.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "v.txt", ContentBody = "virtual" });
        using var get = await path.GetObjectAsync(bucket, "v.txt");
        Assert.Equal("virtual", Encoding.UTF8.GetString(await S3SdkObjectTests.ReadAllAsync(get.ResponseStream)));
        var listed = await virtualHosted.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(["v.txt"], (listed.S3Objects ?? []).Select(o => o.Key));
    }

    private sealed class LoopbackHttpClientFactory(int port) : Amazon.Runtime.HttpClientFactory
    {
        public override HttpClient CreateHttpClient(Amazon.Runtime.IClientConfig clientConfig) => new(new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, port, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        });
    }
}
