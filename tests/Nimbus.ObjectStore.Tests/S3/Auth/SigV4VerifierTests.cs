using System.Text;
using Nimbus.ObjectStore.S3.Auth;

namespace Nimbus.ObjectStore.Tests.S3.Auth;

/// <summary>S3's rules on top of SigV4, with the AWS S3 documentation's own signed examples.</summary>
public sealed class SigV4VerifierTests
{
    private const string EmptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static readonly DateTimeOffset DocTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly S3Credential DocCredential = new(TestSigner.AccessKey, TestSigner.Secret, "docs");

    private static SigV4Verifier Verifier(DateTimeOffset now, string region = "us-east-1") =>
        new(new TestCredentials(DocCredential), new SigV4Options { Region = region }, new FixedTime(now));

    // https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, "Example: GET Object".
    private static RawRequest DocGetObject() => new("GET", "/test.txt",
    [
        ("Host", "examplebucket.s3.amazonaws.com"),
        ("Range", "bytes=0-9"),
        ("x-amz-content-sha256", EmptySha),
        ("x-amz-date", "20130524T000000Z"),
        ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
    ], []);

    // Same page, "Example: PUT Object": a key with '$' sent encoded, the Date header alongside x-amz-date.
    private static RawRequest DocPutObject() => new("PUT", "/test%24file.text",
    [
        ("Host", "examplebucket.s3.amazonaws.com"),
        ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
        ("x-amz-date", "20130524T000000Z"),
        ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
        ("x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"),
        ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
    ], Encoding.ASCII.GetBytes("Welcome to Amazon S3."));

    // Same page, "Example: GET Bucket Lifecycle" and "Example: Get Bucket (List Objects)".
    private static RawRequest DocQuery(string target, string signature) => new("GET", target,
    [
        ("Host", "examplebucket.s3.amazonaws.com"),
        ("x-amz-date", "20130524T000000Z"),
        ("x-amz-content-sha256", EmptySha),
        ("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature={signature}"),
    ], []);

    // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html, the presigned GET example.
    private static RawRequest DocPresigned() => new("GET",
        "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
        [("Host", "examplebucket.s3.amazonaws.com")], []);

    public static TheoryData<string> DocExamples() => ["get-object", "put-object", "lifecycle", "list-objects", "presigned"];

    private static RawRequest DocExample(string name) => name switch
    {
        "get-object" => DocGetObject(),
        "put-object" => DocPutObject(),
        "lifecycle" => DocQuery("/?lifecycle", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
        "list-objects" => DocQuery("/?max-keys=2&prefix=J", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
        _ => DocPresigned(),
    };

    [Theory]
    [MemberData(nameof(DocExamples))]
    public void AwsDocumentationExample_Verifies(string name)
    {
        var result = Verifier(DocTime.AddMinutes(5)).Verify(DocExample(name).ToHttpRequest());

        Assert.True(result.IsAuthenticated, $"{result.Status}: {result.Message}\n{result.CanonicalRequest}");
        Assert.Same(DocCredential, result.Credential);
    }

    [Fact]
    public void SignedPayloadHash_IsHandedToTheCaller()
    {
        var result = Verifier(DocTime).Verify(DocPutObject().ToHttpRequest());

        Assert.Equal(PayloadKind.Sha256, result.PayloadKind);
        Assert.Equal(TestSigner.Sha256Hex(Encoding.ASCII.GetBytes("Welcome to Amazon S3.")), result.ExpectedPayloadSha256);
    }

    [Fact]
    public void Presigned_IsUnsignedPayload()
    {
        var result = Verifier(DocTime).Verify(DocPresigned().ToHttpRequest());

        Assert.True(result.IsPresigned);
        Assert.Equal(PayloadKind.Unsigned, result.PayloadKind);
        Assert.Null(result.ExpectedPayloadSha256);
    }

    [Fact]
    public void Presigned_AfterExpiry_IsRequestHasExpired()
    {
        var result = Verifier(DocTime.AddSeconds(86401)).Verify(DocPresigned().ToHttpRequest());

        Assert.Equal(SigV4Status.AccessDenied, result.Status);
        Assert.Equal("Request has expired", result.Message);
        Assert.Equal(DocTime.AddSeconds(86400), result.Expires);
        Assert.Equal(403, result.HttpStatusCode);
    }

    [Fact]
    public void Presigned_JustBeforeExpiry_Verifies() =>
        Assert.True(Verifier(DocTime.AddSeconds(86399)).Verify(DocPresigned().ToHttpRequest()).IsAuthenticated);

    [Fact]
    public void Presigned_ExpiryOverAWeek_IsQueryParametersError()
    {
        var request = TestSigner.Presign("GET", "/b/k", "localhost", DocTime, 604801);

        var result = Verifier(DocTime).Verify(request.ToHttpRequest());

        Assert.Equal(SigV4Status.AuthorizationQueryParametersError, result.Status);
        Assert.Contains("604800", result.Message, StringComparison.Ordinal);
        Assert.True(Verifier(DocTime).Verify(TestSigner.Presign("GET", "/b/k", "localhost", DocTime, 604800).ToHttpRequest()).IsAuthenticated);
    }

    [Fact]
    public void Presigned_MissingParameter_IsQueryParametersError()
    {
        var request = DocPresigned();
        request = request with { Target = request.Target.Replace("&X-Amz-Expires=86400", "", StringComparison.Ordinal) };

        var result = Verifier(DocTime).Verify(request.ToHttpRequest());

        Assert.Equal(SigV4Status.AuthorizationQueryParametersError, result.Status);
        Assert.Equal(400, result.HttpStatusCode);
    }

    [Theory]
    [InlineData(-16, nameof(SigV4Status.RequestTimeTooSkewed))]
    [InlineData(-14, nameof(SigV4Status.Authenticated))]
    [InlineData(14, nameof(SigV4Status.Authenticated))]
    [InlineData(16, nameof(SigV4Status.RequestTimeTooSkewed))]
    public void RequestTime_MoreThan15MinutesFromServerTime_IsTooSkewed(int serverMinutesFromRequest, string expectedStatus)
    {
        var expected = Enum.Parse<SigV4Status>(expectedStatus);
        var now = DocTime.AddMinutes(serverMinutesFromRequest);

        var result = Verifier(now).Verify(DocGetObject().ToHttpRequest());

        Assert.Equal(expected, result.Status);
        if (expected == SigV4Status.RequestTimeTooSkewed)
        {
            Assert.Equal(DocTime, result.RequestTime);
            Assert.Equal(now, result.ServerTime);
        }
    }

    [Fact]
    public void WrongRegion_IsMalformed_AndNamesTheExpectedRegion()
    {
        var result = Verifier(DocTime, region: "eu-central-1").Verify(DocGetObject().ToHttpRequest());

        Assert.Equal(SigV4Status.AuthorizationHeaderMalformed, result.Status);
        Assert.Equal("eu-central-1", result.Region);
        Assert.Contains("the region 'us-east-1' is wrong; expecting 'eu-central-1'", result.Message, StringComparison.Ordinal);
        Assert.Equal(400, result.HttpStatusCode);
    }

    [Fact]
    public void WrongRegion_Presigned_IsQueryParametersError_WithRegion()
    {
        var result = Verifier(DocTime, region: "eu-central-1").Verify(DocPresigned().ToHttpRequest());

        Assert.Equal(SigV4Status.AuthorizationQueryParametersError, result.Status);
        Assert.Equal("eu-central-1", result.Region);
    }

    [Fact]
    public void UnknownAccessKey_IsInvalidAccessKeyId()
    {
        var verifier = new SigV4Verifier(new TestCredentials(), new SigV4Options(), new FixedTime(DocTime));

        var result = verifier.Verify(DocGetObject().ToHttpRequest());

        Assert.Equal(SigV4Status.InvalidAccessKeyId, result.Status);
        Assert.Equal(TestSigner.AccessKey, result.AccessKeyId);
    }

    [Fact]
    public void WrongSecret_IsSignatureDoesNotMatch_WithWhatAwsReports()
    {
        var verifier = new SigV4Verifier(new TestCredentials(DocCredential with { SecretAccessKey = "other" }), new SigV4Options(), new FixedTime(DocTime));

        var result = verifier.Verify(DocGetObject().ToHttpRequest());

        Assert.Equal(SigV4Status.SignatureDoesNotMatch, result.Status);
        Assert.Equal("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", result.SignatureProvided);
        // The canonical request and string to sign published with the example.
        Assert.Equal(
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\nx-amz-content-sha256:" + EmptySha
            + "\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n" + EmptySha, result.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
            result.StringToSign);
    }

    [Fact]
    public void MissingContentSha256_IsInvalidRequest()
    {
        var request = DocGetObject();
        request = request with { Headers = request.Headers.Where(h => h.Name != "x-amz-content-sha256").ToList() };

        var result = Verifier(DocTime).Verify(request.ToHttpRequest());

        Assert.Equal(SigV4Status.InvalidRequest, result.Status);
        Assert.Contains("x-amz-content-sha256", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidContentSha256_IsInvalidArgument()
    {
        var result = Verifier(DocTime).Verify(DocGetObject().WithHeader("x-amz-content-sha256", "abc").ToHttpRequest());

        Assert.Equal(SigV4Status.InvalidArgument, result.Status);
    }

    [Fact]
    public void UnsignedAmzHeader_IsAccessDenied_NamingIt()
    {
        var result = Verifier(DocTime).Verify(DocGetObject().WithHeader("x-amz-meta-evil", "1").ToHttpRequest());

        Assert.Equal(SigV4Status.AccessDenied, result.Status);
        Assert.Equal("x-amz-meta-evil", result.HeadersNotSigned);
    }

    [Fact]
    public void NoCredentialsAtAll_IsAnonymous()
    {
        var result = Verifier(DocTime).Verify(new RawRequest("GET", "/bucket/key", [("Host", "localhost")], []).ToHttpRequest());

        Assert.Equal(SigV4Status.Anonymous, result.Status);
        Assert.False(result.IsAuthenticated);
    }

    [Fact]
    public void HeaderAndQueryAuthTogether_IsInvalidArgument()
    {
        var request = DocPresigned().WithHeader("Authorization", DocGetObject().Headers.Last().Value);

        Assert.Equal(SigV4Status.InvalidArgument, Verifier(DocTime).Verify(request.ToHttpRequest()).Status);
    }

    [Theory]
    [InlineData("AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", nameof(SigV4Status.InvalidRequest))]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request", nameof(SigV4Status.AuthorizationHeaderMalformed))]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/2013/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=00", nameof(SigV4Status.AuthorizationHeaderMalformed))]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/ec2/aws4_request,SignedHeaders=host,Signature=00", nameof(SigV4Status.AuthorizationHeaderMalformed))]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130523/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=00", nameof(SigV4Status.AuthorizationHeaderMalformed))]
    [InlineData("Bearer abc", nameof(SigV4Status.InvalidArgument))]
    public void MalformedAuthorization_GetsAwsError(string authorization, string expectedStatus)
    {
        var expected = Enum.Parse<SigV4Status>(expectedStatus);
        var result = Verifier(DocTime).Verify(DocGetObject().WithHeader("Authorization", authorization).ToHttpRequest());

        Assert.Equal(expected, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    [Fact]
    public void MissingDate_IsAccessDenied()
    {
        var request = DocGetObject();
        request = request with { Headers = request.Headers.Where(h => h.Name != "x-amz-date").ToList() };

        var result = Verifier(DocTime).Verify(request.ToHttpRequest());

        Assert.Equal(SigV4Status.AccessDenied, result.Status);
        Assert.Contains("Date or x-amz-date", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/bucket/a%20b%2Bc/%C3%BC%25.txt")]
    [InlineData("/bucket/a//./../b")]
    [InlineData("/bucket/%2F%2Fslashes%2F")]
    [InlineData("/bucket/key~with-unreserved_chars.txt")]
    public void KeysAreSignedAsSent_NeitherNormalisedNorDoubleEncoded(string rawPath)
    {
        var request = TestSigner.Sign("PUT", rawPath, "", [("Host", "localhost:9000")], DocTime, "UNSIGNED-PAYLOAD");

        var result = Verifier(DocTime).Verify(request.ToHttpRequest());

        Assert.True(result.IsAuthenticated, $"{result.Status}: {result.Message}\n{result.CanonicalRequest}");
        Assert.Equal(PayloadKind.Unsigned, result.PayloadKind);
    }

    [Fact]
    public void UnencodedCharactersInTheRawTarget_AreEncodedForTheSignature()
    {
        // Some clients leave '$', '@', '=' or spaces unescaped in the path; the signature covers the encoded form.
        var signed = TestSigner.Sign("GET", "/bucket/a%24b%40c%3Dd", "prefix=a%2Fb&list-type=2", [("Host", "localhost")], DocTime, EmptySha);
        var sent = signed with { Target = "/bucket/a$b@c=d?prefix=a/b&list-type=2" };

        Assert.True(Verifier(DocTime).Verify(sent.ToHttpRequest()).IsAuthenticated);
    }

    [Theory]
    [InlineData("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", nameof(PayloadKind.StreamingSigned), true)]
    [InlineData("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", nameof(PayloadKind.StreamingSignedTrailer), true)]
    [InlineData("STREAMING-UNSIGNED-PAYLOAD-TRAILER", nameof(PayloadKind.StreamingUnsignedTrailer), false)]
    [InlineData("UNSIGNED-PAYLOAD", nameof(PayloadKind.Unsigned), false)]
    public void PayloadModes_AreReported_WithChunkSigningWhereNeeded(string contentSha, string expectedKind, bool chunkSigning)
    {
        var kind = Enum.Parse<PayloadKind>(expectedKind);
        var request = TestSigner.Sign("PUT", "/b/k", "", [("Host", "localhost"), ("Content-Encoding", "aws-chunked")], DocTime, contentSha);

        var result = Verifier(DocTime).Verify(request.ToHttpRequest());

        Assert.True(result.IsAuthenticated, result.Message);
        Assert.Equal(kind, result.PayloadKind);
        Assert.Equal(chunkSigning, result.ChunkSigning is not null);
        if (chunkSigning)
        {
            Assert.Equal("20130524T000000Z", result.ChunkSigning!.Timestamp);
            Assert.Equal("20130524/us-east-1/s3/aws4_request", result.ChunkSigning.Scope);
        }
    }
}
