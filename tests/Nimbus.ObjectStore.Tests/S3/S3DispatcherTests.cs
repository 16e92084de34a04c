using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Data;
using Nimbus.ObjectStore.S3;
using Nimbus.ObjectStore.S3.Auth;
using Nimbus.ObjectStore.S3.Http;
using Nimbus.ObjectStore.Tests.S3.Auth;

namespace Nimbus.ObjectStore.Tests.S3;

/// <summary>
/// S3RequestHandler in-process over a real ObjectEngine and LocalDataStore in a temp directory, with requests signed by
/// <see cref="TestSigner"/>: routing of methods and sub-resources, and the shape of error responses.
/// </summary>
public sealed class S3DispatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private const string Host = "localhost:9000";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nimbus-s3dispatch-" + Guid.NewGuid().ToString("N"));
    private LocalDataStore _data = null!;
    private ObjectEngine _engine = null!;
    private S3RequestHandler _handler = null!;

    public async Task InitializeAsync()
    {
        _data = new LocalDataStore(new DataStoreOptions { Directory = Path.Combine(_directory, "data") }, NoChunkReplicas.Instance, NullLogger<LocalDataStore>.Instance);
        _engine = ObjectEngine.Open(new ObjectEngineOptions { DataDirectory = Path.Combine(_directory, "meta"), ReleaseGrace = TimeSpan.Zero }, _data);
        var options = new ObjectStoreOptions { DataDirectory = _directory };
        var verifier = new SigV4Verifier(new TestCredentials(new S3Credential(TestSigner.AccessKey, TestSigner.Secret, "p")), new SigV4Options(), new FixedTime(Now));
        _handler = new S3RequestHandler(new S3Dispatcher(_engine, options), new RequestAuthentication(verifier), _engine, options, NullLogger<S3RequestHandler>.Instance);
        Assert.Equal(200, (await SendAsync("PUT", "/bucket")).Status);
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _data.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private sealed record Reply(int Status, IHeaderDictionary Headers, string Body)
    {
        public XElement Xml => XElement.Parse(Body);

        public string? Code => Body.Length == 0 ? null : Xml.Element("Code")?.Value;

        /// <summary>The one child element of the root with this local name (S3 answers carry a namespace).</summary>
        public XElement Child(string name) => Child(Xml, name);

        public static XElement Child(XElement parent, string name) => parent.Elements().Single(e => e.Name.LocalName == name);
    }

    /// <summary>Sends a signed request; <paramref name="target"/> is path and query in canonical (AWS-encoded) form.</summary>
    private async Task<Reply> SendAsync(string method, string target, string? body = null, bool sign = true, params (string Name, string Value)[] headers)
    {
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var q = target.IndexOf('?');
        var all = new List<(string Name, string Value)>(headers) { ("Host", Host) };
        if (body is not null)
        {
            all.Add(("Content-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var raw = sign
            ? TestSigner.Sign(method, q < 0 ? target : target[..q], q < 0 ? "" : target[(q + 1)..], all, Now, TestSigner.Sha256Hex(bytes))
            : new RawRequest(method, target, all, bytes);
        var request = TestHttp.Create(raw.Method, raw.Target, raw.Headers, bytes);
        if (body is not null)
        {
            request.ContentLength = bytes.Length;
        }
        var response = new MemoryStream();
        request.HttpContext.Response.Body = response;
        await _handler.InvokeAsync(request.HttpContext).WaitAsync(Timeout);
        var http = request.HttpContext.Response;
        return new Reply(http.StatusCode, http.Headers, Encoding.UTF8.GetString(response.ToArray()));
    }

    [Fact]
    public async Task ListBuckets_Signed_ListsCreatedBucket()
    {
        var reply = await SendAsync("GET", "/");
        Assert.Equal(200, reply.Status);
        Assert.Equal("application/xml", reply.Headers.ContentType.ToString());
        Assert.Contains("bucket", reply.Xml.Descendants().Where(e => e.Name.LocalName == "Name").Select(e => e.Value));
        Assert.NotEmpty(reply.Headers["x-amz-request-id"].ToString());
    }

    [Fact]
    public async Task Request_Unsigned_AccessDenied()
    {
        var reply = await SendAsync("GET", "/", sign: false);
        Assert.Equal(403, reply.Status);
        Assert.Equal("AccessDenied", reply.Code);
    }

    [Fact]
    public async Task Request_TamperedAfterSigning_SignatureDoesNotMatch()
    {
        var raw = TestSigner.Sign("GET", "/bucket", "", [("Host", Host)], Now, TestSigner.Sha256Hex([]));
        var request = TestHttp.Create(raw.Method, "/other-bucket", raw.Headers);
        request.HttpContext.Response.Body = new MemoryStream();
        await _handler.InvokeAsync(request.HttpContext).WaitAsync(Timeout);
        Assert.Equal(403, request.HttpContext.Response.StatusCode);
        var body = Encoding.UTF8.GetString(((MemoryStream)request.HttpContext.Response.Body).ToArray());
        Assert.Equal("SignatureDoesNotMatch", XElement.Parse(body).Element("Code")?.Value);
    }

    [Fact]
    public async Task PutThenGetObject_RoundTripsBodyAndETag()
    {
        var put = await SendAsync("PUT", "/bucket/dir/hello.txt", "hello world");
        Assert.Equal(200, put.Status);
        var get = await SendAsync("GET", "/bucket/dir/hello.txt");
        Assert.Equal(200, get.Status);
        Assert.Equal("hello world", get.Body);
        Assert.Equal(put.Headers.ETag.ToString(), get.Headers.ETag.ToString());
    }

    [Fact]
    public async Task GetMissingKey_NoSuchKeyDocumentNamesKeyAndResource()
    {
        var reply = await SendAsync("GET", "/bucket/missing.txt");
        Assert.Equal(404, reply.Status);
        Assert.Equal("NoSuchKey", reply.Code);
        Assert.Equal("missing.txt", reply.Xml.Element("Key")?.Value);
        Assert.Equal("/bucket/missing.txt", reply.Xml.Element("Resource")?.Value);
        Assert.Equal(reply.Headers["x-amz-request-id"].ToString(), reply.Xml.Element("RequestId")?.Value);
    }

    [Theory]
    [InlineData("/bucket/missing.txt", 404)]
    [InlineData("/no-such-bucket", 404)]
    [InlineData("/bucket?policy", 501)]
    public async Task Head_Error_StatusWithEmptyBody(string target, int status)
    {
        var reply = await SendAsync("HEAD", target);
        Assert.Equal(status, reply.Status);
        Assert.Equal("", reply.Body);
        Assert.Equal("0", reply.Headers.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("GET", "/bucket?policy")]
    [InlineData("PUT", "/bucket?lifecycle")]
    [InlineData("GET", "/bucket/key?retention")]
    [InlineData("GET", "/bucket?tagging")]
    [InlineData("PUT", "/bucket/key?acl")]
    [InlineData("POST", "/bucket/key?select&select-type=2")]
    public async Task UnsupportedSubresource_NotImplemented(string method, string target)
    {
        var reply = await SendAsync(method, target);
        Assert.Equal(501, reply.Status);
        Assert.Equal("NotImplemented", reply.Code);
    }

    [Theory]
    [InlineData("POST", "/", "SERVICE")]
    [InlineData("DELETE", "/", "SERVICE")]
    [InlineData("PATCH", "/bucket", "BUCKET")]
    [InlineData("POST", "/bucket", "BUCKET")]
    [InlineData("POST", "/bucket/key", "OBJECT")]
    [InlineData("PATCH", "/bucket/key", "OBJECT")]
    public async Task WrongMethod_MethodNotAllowed(string method, string target, string resourceType)
    {
        var reply = await SendAsync(method, target);
        Assert.Equal(405, reply.Status);
        Assert.Equal("MethodNotAllowed", reply.Code);
        Assert.Equal(resourceType, reply.Xml.Element("ResourceType")?.Value);
    }

    [Fact]
    public async Task EmptyVersionId_InvalidArgument()
    {
        var reply = await SendAsync("GET", "/bucket/key?versionId=");
        Assert.Equal(400, reply.Status);
        Assert.Equal("InvalidArgument", reply.Code);
    }

    [Fact]
    public async Task CreateBucket_InvalidName_InvalidBucketName()
    {
        var reply = await SendAsync("PUT", "/Bad_Bucket");
        Assert.Equal(400, reply.Status);
        Assert.Equal("InvalidBucketName", reply.Code);
    }

    [Fact]
    public async Task PutObject_DotSegmentKey_InvalidArgument()
    {
        var reply = await SendAsync("PUT", "/bucket/a/../b", "x");
        Assert.Equal(400, reply.Status);
        Assert.Equal("InvalidArgument", reply.Code);
    }

    [Fact]
    public async Task BucketSubresources_DispatchToTheirOperations()
    {
        var location = await SendAsync("GET", "/bucket?location");
        Assert.Equal(200, location.Status);
        Assert.Equal("LocationConstraint", location.Xml.Name.LocalName);

        var versioning = await SendAsync("PUT", "/bucket?versioning", "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>");
        Assert.Equal(200, versioning.Status);
        var status = await SendAsync("GET", "/bucket?versioning");
        Assert.Equal("Enabled", status.Child("Status").Value);

        var cors = await SendAsync("GET", "/bucket?cors");
        Assert.Equal(404, cors.Status);
        Assert.Equal("NoSuchCORSConfiguration", cors.Code);

        var list = await SendAsync("GET", "/bucket?list-type=2");
        Assert.Equal("ListBucketResult", list.Xml.Name.LocalName);
        var versions = await SendAsync("GET", "/bucket?versions");
        Assert.Equal("ListVersionsResult", versions.Xml.Name.LocalName);
        var uploads = await SendAsync("GET", "/bucket?uploads");
        Assert.Equal("ListMultipartUploadsResult", uploads.Xml.Name.LocalName);
    }

    [Fact]
    public async Task ObjectTagging_PutGetDelete()
    {
        Assert.Equal(200, (await SendAsync("PUT", "/bucket/tagged", "x")).Status);
        var put = await SendAsync("PUT", "/bucket/tagged?tagging", "<Tagging><TagSet><Tag><Key>team</Key><Value>blue</Value></Tag></TagSet></Tagging>");
        Assert.Equal(200, put.Status);
        var get = await SendAsync("GET", "/bucket/tagged?tagging");
        Assert.Equal("blue", get.Xml.Descendants().Single(e => e.Name.LocalName == "Value").Value);
        Assert.Equal(204, (await SendAsync("DELETE", "/bucket/tagged?tagging")).Status);
        Assert.DoesNotContain((await SendAsync("GET", "/bucket/tagged?tagging")).Xml.Descendants(), e => e.Name.LocalName == "Tag");
    }

    [Fact]
    public async Task PutTagging_MalformedXml_MalformedXmlError()
    {
        Assert.Equal(200, (await SendAsync("PUT", "/bucket/tagged", "x")).Status);
        var reply = await SendAsync("PUT", "/bucket/tagged?tagging", "<Tagging><TagSet>");
        Assert.Equal(400, reply.Status);
        Assert.Equal("MalformedXML", reply.Code);
    }

    [Fact]
    public async Task Multipart_CreateDispatchesFromPostUploads()
    {
        var create = await SendAsync("POST", "/bucket/big?uploads");
        Assert.Equal(200, create.Status);
        var uploadId = create.Child("UploadId").Value;
        var parts = await SendAsync("GET", "/bucket/big?uploadId=" + Uri.EscapeDataString(uploadId));
        Assert.Equal("ListPartsResult", parts.Xml.Name.LocalName);
        Assert.Equal(204, (await SendAsync("DELETE", "/bucket/big?uploadId=" + Uri.EscapeDataString(uploadId))).Status);
        var gone = await SendAsync("GET", "/bucket/big?uploadId=" + Uri.EscapeDataString(uploadId));
        Assert.Equal("NoSuchUpload", gone.Code);
    }

    [Theory]
    [InlineData("SHA256", "FULL_OBJECT")]
    [InlineData("CRC64NVME", "COMPOSITE")]
    [InlineData("", "FULL_OBJECT")]
    [InlineData("CRC32", "WHOLE")]
    public async Task Multipart_ChecksumTypeTheAlgorithmCannotHave_InvalidRequest(string algorithm, string type)
    {
        var headers = algorithm.Length > 0
            ? new[] { ("x-amz-checksum-algorithm", algorithm), ("x-amz-checksum-type", type) }
            : [("x-amz-checksum-type", type)];
        var create = await SendAsync("POST", "/bucket/big?uploads", null, true, headers);
        Assert.Equal(400, create.Status);
        Assert.Equal("InvalidRequest", create.Code);
    }

    [Fact]
    public async Task Multipart_FullObjectCrc64Nvme_IsTheDefaultAndCheckedOnComplete()
    {
        var create = await SendAsync("POST", "/bucket/big?uploads", null, true, ("x-amz-checksum-algorithm", "CRC64NVME"));
        Assert.Equal("FULL_OBJECT", create.Headers["x-amz-checksum-type"].ToString());
        var uploadId = Uri.EscapeDataString(create.Child("UploadId").Value);
        var upload = "/bucket/big?uploadId=" + uploadId;
        var part = await SendAsync("PUT", "/bucket/big?partNumber=1&uploadId=" + uploadId, "hello, world");
        Assert.Equal(200, part.Status);
        var parts = await SendAsync("GET", upload);
        Assert.Equal("FULL_OBJECT", parts.Child("ChecksumType").Value);
        var listed = (await SendAsync("GET", "/bucket?uploads")).Child("Upload");
        Assert.Equal("CRC64NVME", Reply.Child(listed, "ChecksumAlgorithm").Value);
        Assert.Equal("FULL_OBJECT", Reply.Child(listed, "ChecksumType").Value);
        var complete = $"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{part.Headers.ETag}</ETag></Part></CompleteMultipartUpload>";
        var whole = Nimbus.ObjectStore.Checksums.Checksum.ComputeBase64(Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Crc64Nvme, "hello, world"u8);

        var wrong = await SendAsync("POST", upload, complete, true, ("x-amz-checksum-crc64nvme", Nimbus.ObjectStore.Checksums.Checksum.ComputeBase64(Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Crc64Nvme, "hello, there"u8)));
        Assert.Equal("BadDigest", wrong.Code);
        var otherAlgorithm = await SendAsync("POST", upload, complete, true, ("x-amz-checksum-crc32", "AAAAAA=="));
        Assert.Equal("InvalidRequest", otherAlgorithm.Code);
        var done = await SendAsync("POST", upload, complete, true, ("x-amz-checksum-crc64nvme", whole), ("x-amz-checksum-type", "FULL_OBJECT"));

        Assert.Equal(200, done.Status);
        Assert.Equal(whole, done.Child("ChecksumCRC64NVME").Value);
        Assert.Equal("FULL_OBJECT", done.Child("ChecksumType").Value);
        var head = await SendAsync("HEAD", "/bucket/big", null, true, ("x-amz-checksum-mode", "ENABLED"));
        Assert.Equal(whole, head.Headers["x-amz-checksum-crc64nvme"].ToString());
        Assert.Equal("FULL_OBJECT", head.Headers["x-amz-checksum-type"].ToString());
    }

    [Fact]
    public async Task Preflight_BucketWithoutCors_AccessForbidden()
    {
        var reply = await SendAsync("OPTIONS", "/bucket/key", sign: false, headers: [("Origin", "https://app.example"), ("Access-Control-Request-Method", "GET")]);
        Assert.Equal(403, reply.Status);
        Assert.Equal("AccessForbidden", reply.Code);
    }

    [Fact]
    public async Task Preflight_MissingHeaders_InvalidRequest()
    {
        var reply = await SendAsync("OPTIONS", "/bucket/key", sign: false);
        Assert.Equal(400, reply.Status);
        Assert.Equal("InvalidRequest", reply.Code);
    }

    [Fact]
    public async Task Request_HeadersOver8KiB_RequestHeaderSectionTooLarge()
    {
        var reply = await SendAsync("GET", "/bucket/key", headers: [("x-amz-meta-big", new string('a', 9000))]);
        Assert.Equal(400, reply.Status);
        Assert.Equal("RequestHeaderSectionTooLarge", reply.Code);
    }

    [Fact]
    public async Task VirtualHostedRequest_RoutesToBucket()
    {
        Assert.Equal(200, (await SendAsync("PUT", "/bucket/vh.txt", "v")).Status);
        var raw = TestSigner.Sign("GET", "/vh.txt", "", [("Host", "bucket.s3.localhost:9000")], Now, TestSigner.Sha256Hex([]));
        var request = TestHttp.Create(raw.Method, raw.Target, raw.Headers);
        var body = new MemoryStream();
        request.HttpContext.Response.Body = body;
        await _handler.InvokeAsync(request.HttpContext).WaitAsync(Timeout);
        Assert.Equal(200, request.HttpContext.Response.StatusCode);
        Assert.Equal("v", Encoding.UTF8.GetString(body.ToArray()));
    }
}
