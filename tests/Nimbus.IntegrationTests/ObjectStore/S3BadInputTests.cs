using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace Nimbus.IntegrationTests.ObjectStore;

/// <summary>Bad input from the network: each request gets the S3 error a client expects, and nothing is stored.</summary>
[Collection(S3CloudCollection.Name)]
public sealed class S3BadInputTests(S3CloudFixture fixture) : IAsyncLifetime
{
    private string _bucket = "";
    private AmazonS3Client _s3 = null!;
    private TestSigner _signer = null!;
    private string Host => $"{fixture.Endpoint.Host}:{fixture.Endpoint.Port}";

    public async Task InitializeAsync()
    {
        _s3 = fixture.Client();
        _bucket = S3CloudFixture.NewBucket("bad");
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _bucket });
        _signer = new TestSigner(fixture.AccessKey, fixture.SecretKey);
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    private Task<TestSigner.RawResponse> SignedAsync(string method, string path, string query, byte[] body, IEnumerable<KeyValuePair<string, string>>? extra = null, DateTime? at = null, int? sendBytes = null)
    {
        var headers = _signer.Sign(method, Host, path, query, body, at ?? DateTime.UtcNow, extra);
        return TestSigner.SendAsync(fixture.Endpoint, method, query.Length == 0 ? path : path + "?" + query, headers, body, sendBytes);
    }

    private async Task AssertNotStoredAsync(string key)
    {
        var ex = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(_bucket, key));
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task MalformedXml_IsMalformedXML()
    {
        var response = await SignedAsync("PUT", $"/{_bucket}", "versioning", "<VersioningConfiguration><Status>Enabled"u8.ToArray());
        Assert.Equal(400, response.Status);
        Assert.Contains("<Code>MalformedXML</Code>", response.Body);
        var delete = await SignedAsync("POST", $"/{_bucket}", "delete", "<Delete><Object><Key>a</Key></Object>"u8.ToArray());
        Assert.Contains("<Code>MalformedXML</Code>", delete.Body);
        var entity = await SignedAsync("PUT", $"/{_bucket}", "versioning", Encoding.UTF8.GetBytes("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><VersioningConfiguration><Status>&e;</Status></VersioningConfiguration>"));
        Assert.Equal(400, entity.Status);
        Assert.DoesNotContain("root:", entity.Body);
        Assert.NotEqual(VersionStatus.Enabled, (await _s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = _bucket })).VersioningConfig.Status);
    }

    [Fact]
    public async Task OversizedHeaders_AreRejected()
    {
        var extra = Enumerable.Range(0, 100).Select(i => new KeyValuePair<string, string>($"x-amz-meta-m{i}", new string('v', 100))).ToList();
        var response = await SignedAsync("PUT", $"/{_bucket}/big-headers", "", "x"u8.ToArray(), extra);
        Assert.Equal(400, response.Status);
        Assert.Matches("<Code>(RequestHeaderSectionTooLarge|MetadataTooLarge)</Code>", response.Body);
        await AssertNotStoredAsync("big-headers");
    }

    [Fact]
    public async Task DotDotKeys_AreRefused()
    {
        foreach (var path in new[] { $"/{_bucket}/a/../escape", $"/{_bucket}/../../etc/passwd", $"/{_bucket}/x/./y" })
        {
            var response = await SignedAsync("PUT", path, "", "x"u8.ToArray());
            Assert.Equal(400, response.Status);
            Assert.Contains("<Code>InvalidArgument</Code>", response.Body);
        }
        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket });
        Assert.Empty(listed.S3Objects ?? []);
    }

    [Fact]
    public async Task WrongContentMd5_IsBadDigest()
    {
        var ex = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket, Key = "md5", ContentBody = "payload", MD5Digest = Convert.ToBase64String(new byte[16]),
        }));
        Assert.Equal("BadDigest", ex.ErrorCode);
        await AssertNotStoredAsync("md5");
    }

    [Fact]
    public async Task TruncatedBody_IsIncompleteAndNothingStored()
    {
        var body = new byte[100_000];
        var response = await SignedAsync("PUT", $"/{_bucket}/truncated", "", body, sendBytes: 1000);
        // The server answers IncompleteBody, or cuts the connection; either way nothing is stored.
        Assert.True(response.Status is 0 or 400, response.Head);
        await AssertNotStoredAsync("truncated");
    }

    [Fact]
    public async Task ForgedSkewedAndUnknownSignatures_AreRefused()
    {
        var body = "forged"u8.ToArray();
        var headers = _signer.Sign("PUT", Host, $"/{_bucket}/forged", "", body, DateTime.UtcNow);
        var forged = headers.Select(h => h.Key == "Authorization" ? new KeyValuePair<string, string>(h.Key, h.Value[..^4] + "0000") : h).ToList();
        var response = await TestSigner.SendAsync(fixture.Endpoint, "PUT", $"/{_bucket}/forged", forged, body);
        Assert.Equal(403, response.Status);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", response.Body);

        // Signed correctly, but the body was swapped on the way.
        var swapped = await TestSigner.SendAsync(fixture.Endpoint, "PUT", $"/{_bucket}/forged", headers, "FORGED"u8.ToArray());
        Assert.Equal(400, swapped.Status);
        Assert.Contains("<Code>XAmzContentSHA256Mismatch</Code>", swapped.Body);

        var skewed = await SignedAsync("PUT", $"/{_bucket}/forged", "", body, at: DateTime.UtcNow.AddMinutes(-20));
        Assert.Equal(403, skewed.Status);
        Assert.Contains("<Code>RequestTimeTooSkewed</Code>", skewed.Body);

        var stranger = new TestSigner("NKUNKNOWNUNKNOWN0000", "not-a-secret");
        var unknown = await TestSigner.SendAsync(fixture.Endpoint, "PUT", $"/{_bucket}/forged", stranger.Sign("PUT", Host, $"/{_bucket}/forged", "", body, DateTime.UtcNow), body);
        Assert.Equal(403, unknown.Status);
        Assert.Contains("<Code>InvalidAccessKeyId</Code>", unknown.Body);
        await AssertNotStoredAsync("forged");
    }

    [Fact]
    public async Task ExpiredPresignedUrl_IsAccessDenied()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "exp", ContentBody = "x" });
        // Valid for one second: polled until the server says it has expired.
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = _bucket, Key = "exp", Verb = HttpVerb.GET, Expires = DateTime.UtcNow.AddSeconds(1), Protocol = Protocol.HTTP });
        await Poll.UntilAsync(async () =>
        {
            using var http = new HttpClient();
            using var response = await http.GetAsync(url);
            return response.StatusCode == HttpStatusCode.Forbidden && (await response.Content.ReadAsStringAsync()).Contains("<Code>AccessDenied</Code>", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20), "the presigned URL to expire");
    }

    [Fact]
    public async Task AnonymousRequest_IsAccessDenied()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(fixture.Endpoint, _bucket));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>AccessDenied</Code>", await response.Content.ReadAsStringAsync());
    }
}
