using System.Security.Cryptography;
using System.Text;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.S3.Auth;

namespace Nimbus.ObjectStore.Tests.S3.Auth;

public sealed class AwsChunkedStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly byte[] DocKey = SigningKeyCache.Derive(TestSigner.Secret, "20130524", "us-east-1", "s3");

    private static ChunkSigningContext DocContext(string seed) =>
        new(DocKey, "20130524T000000Z", "20130524/us-east-1/s3/aws4_request", Convert.FromHexString(seed));

    private static byte[] As(int count) => Enumerable.Repeat((byte)'a', count).ToArray();

    private static byte[] Concat(params object[] parts)
    {
        var ms = new MemoryStream();
        foreach (var p in parts)
        {
            var bytes = p as byte[] ?? Encoding.ASCII.GetBytes((string)p);
            ms.Write(bytes);
        }
        return ms.ToArray();
    }

    /// <summary>https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html: 66560 bytes of 'a' in 64 KiB chunks.</summary>
    private static byte[] DocStreamingBody() => Concat(
        "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n", As(65536), "\r\n",
        "400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n", As(1024), "\r\n",
        "0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n");

    private static async Task<(byte[] Data, AwsChunkedStream Stream)> DecodeAsync(AwsChunkedStream stream, int readSize = 8192)
    {
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        using var cts = new CancellationTokenSource(Bound);
        int n;
        while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0)
        {
            output.Write(buffer, 0, n);
        }
        return (output.ToArray(), stream);
    }

    [Fact]
    public async Task AwsStreamingExample_VerifiesSeedAndEveryChunk()
    {
        var request = new RawRequest("PUT", "/examplebucket/chunkObject.txt",
        [
            ("Host", "s3.amazonaws.com"),
            ("x-amz-date", "20130524T000000Z"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"),
            ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
            ("Content-Encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", "66560"),
            ("Content-Length", "66824"),
        ], DocStreamingBody());
        var verifier = new SigV4Verifier(new TestCredentials(new S3Credential(TestSigner.AccessKey, TestSigner.Secret, "p")), new SigV4Options(),
            new FixedTime(new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero)));
        var http = request.ToHttpRequest();

        var auth = verifier.Verify(http);
        Assert.True(auth.IsAuthenticated, auth.Message);
        Assert.Equal(PayloadKind.StreamingSigned, auth.PayloadKind);
        Assert.Equal(66824, request.Body.Length);

        var (data, stream) = await DecodeAsync(AwsChunkedStream.Create(http.Body, auth));

        Assert.Equal(As(66560), data);
        Assert.Equal(66560, stream.DecodedLength);
        Assert.True(stream.IsCompleted);
        Assert.Empty(stream.Trailers);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public async Task AwsStreamingExample_AnyReadAndArrivalPattern_DecodesTheSame(int readSize)
    {
        var inner = new TricklingStream(DocStreamingBody(), new Random(readSize));
        var stream = new AwsChunkedStream(inner, PayloadKind.StreamingSigned, DocContext("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"));

        var (data, _) = await DecodeAsync(stream, readSize);

        Assert.Equal(As(66560), data);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n")]
    public async Task AwsTrailerExample_VerifiesChunksAndTrailerSignature(string blankLineBeforeTrailers)
    {
        // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html (values as published with the example).
        var body = Concat(
            "10000;chunk-signature=b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2\r\n", As(65536), "\r\n",
            "400;chunk-signature=1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7\r\n", As(1024), "\r\n",
            "0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n", blankLineBeforeTrailers,
            "x-amz-checksum-crc32c:sOO8/Q==\r\n",
            "x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n");
        var stream = new AwsChunkedStream(new MemoryStream(body), PayloadKind.StreamingSignedTrailer,
            DocContext("106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e"));

        var (data, _) = await DecodeAsync(stream);

        Assert.Equal(As(66560), data);
        Assert.Equal("sOO8/Q==", Assert.Single(stream.Trailers, t => t.Key == "x-amz-checksum-crc32c").Value);
        Assert.Equal(Checksum.ComputeBase64(ChecksumAlgorithm.Crc32C, data), stream.Trailers["x-amz-checksum-crc32c"]);
    }

    [Fact]
    public async Task SignedTrailer_WithWrongTrailerValue_IsSignatureDoesNotMatch()
    {
        var body = ChunkedBodies.Signed(DocContext(new string('1', 64)), [As(10)], [("x-amz-checksum-crc32", "AAAAAA==")]);
        var tampered = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(body).Replace("AAAAAA==", "AAAAAB==", StringComparison.Ordinal));

        var e = await Assert.ThrowsAsync<AwsChunkedException>(() => DecodeAsync(
            new AwsChunkedStream(new MemoryStream(tampered), PayloadKind.StreamingSignedTrailer, DocContext(new string('1', 64)))));
        Assert.Equal(AwsChunkedException.SignatureDoesNotMatch, e.ErrorCode);
        Assert.Equal(403, e.HttpStatusCode);
    }

    [Fact]
    public async Task SignedTrailerKind_WithoutTrailerSignature_IsRejected()
    {
        var body = Concat(ChunkedBodies.Signed(DocContext(new string('1', 64)), [As(10)], null));

        var e = await Assert.ThrowsAsync<AwsChunkedException>(() => DecodeAsync(
            new AwsChunkedStream(new MemoryStream(body), PayloadKind.StreamingSignedTrailer, DocContext(new string('1', 64)))));
        Assert.Equal(AwsChunkedException.SignatureDoesNotMatch, e.ErrorCode);
    }

    [Fact]
    public async Task UnsignedTrailer_DeliversDataAndChecksumTrailer()
    {
        var data = new byte[3000];
        new Random(5).NextBytes(data);
        var crc = Checksum.ComputeBase64(ChecksumAlgorithm.Crc32, data);
        var body = Concat("800\r\n", data[..2048], "\r\n", "3b8\r\n", data[2048..], "\r\n", "0\r\n", $"x-amz-checksum-crc32:{crc}\r\n\r\n");

        var (decoded, stream) = await DecodeAsync(new AwsChunkedStream(new MemoryStream(body), PayloadKind.StreamingUnsignedTrailer, null));

        Assert.Equal(data, decoded);
        Assert.Equal(3000, stream.DecodedLength);
        Assert.Equal(crc, stream.Trailers["x-amz-checksum-crc32"]);
    }

    [Fact]
    public async Task TamperedChunkData_ThrowsBeforeEndOfBody()
    {
        var body = DocStreamingBody();
        body[66_000] ^= 1; // inside the second chunk's data

        var stream = new AwsChunkedStream(new MemoryStream(body), PayloadKind.StreamingSigned, DocContext("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"));
        var e = await Assert.ThrowsAsync<AwsChunkedException>(() => DecodeAsync(stream));

        Assert.Equal(AwsChunkedException.SignatureDoesNotMatch, e.ErrorCode);
        Assert.False(stream.IsCompleted);
        // The fault sticks: a caller that retries the read gets the same error, never end-of-body.
        await Assert.ThrowsAsync<AwsChunkedException>(() => stream.ReadAsync(new byte[10]).AsTask());
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(65_000)]
    [InlineData(66_820)]
    public async Task BodyEndingEarly_IsIncompleteBody(int length)
    {
        var body = DocStreamingBody()[..length];

        var e = await Assert.ThrowsAsync<AwsChunkedException>(() => DecodeAsync(new AwsChunkedStream(new MemoryStream(body), PayloadKind.StreamingSigned,
            DocContext("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"))));
        Assert.Equal(AwsChunkedException.IncompleteBody, e.ErrorCode);
    }

    [Theory]
    [InlineData("1000001\r\n")] // 16 MiB + 1
    [InlineData("zz\r\n")]
    [InlineData("\r\n")]
    [InlineData("5\nhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhelloXX0\r\n\r\n")]
    [InlineData("5;chunk-signature=00\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhello\r\n0\r\na:1\r\n\r\ngarbage")]
    [InlineData("5\r\nhello\r\n0\r\nno-colon\r\n\r\n")]
    [InlineData("5\r\nhello\r\n0\r\nx-amz-trailer-signature:00\r\n\r\n")]
    [InlineData("5\r\nhello\r\n0\r\na:1\r\na:2\r\n\r\n")]
    public async Task MalformedFraming_IsInvalidRequest(string body)
    {
        var e = await Assert.ThrowsAsync<AwsChunkedException>(() => DecodeAsync(
            new AwsChunkedStream(new MemoryStream(Encoding.ASCII.GetBytes(body)), PayloadKind.StreamingUnsignedTrailer, null)));
        Assert.Equal(AwsChunkedException.InvalidRequest, e.ErrorCode);
        Assert.Equal(400, e.HttpStatusCode);
    }

    [Fact]
    public async Task EndlessSizeLine_IsRejectedAfter4KiB_NotBuffered()
    {
        var body = Encoding.ASCII.GetBytes(new string('0', 1_000_000));

        var e = await Assert.ThrowsAsync<AwsChunkedException>(() => DecodeAsync(
            new AwsChunkedStream(new MemoryStream(body), PayloadKind.StreamingUnsignedTrailer, null)));
        Assert.Equal(AwsChunkedException.InvalidRequest, e.ErrorCode);
    }

    [Fact]
    public async Task OversizedTrailers_AreRejected()
    {
        var trailers = string.Concat(Enumerable.Range(0, 400).Select(i => $"x-amz-meta-{i}:{new string('v', 40)}\r\n"));
        var body = Encoding.ASCII.GetBytes("0\r\n" + trailers + "\r\n");

        var e = await Assert.ThrowsAsync<AwsChunkedException>(() => DecodeAsync(
            new AwsChunkedStream(new MemoryStream(body), PayloadKind.StreamingUnsignedTrailer, null)));
        Assert.Contains("16 KiB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fuzz_MutatedSignedBodies_NeverHangAndNeverReturnWrongData()
    {
        var random = new Random(20240601);
        var context = DocContext(new string('7', 64));
        for (var iteration = 0; iteration < 400; iteration++)
        {
            var chunks = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomBytes(random, random.Next(1, 3000))).ToList();
            var original = chunks.SelectMany(c => c).ToArray();
            var withTrailer = random.Next(2) == 0;
            var body = ChunkedBodies.Signed(context, chunks, withTrailer ? [("x-amz-checksum-crc32", Checksum.ComputeBase64(ChecksumAlgorithm.Crc32, original))] : null);
            var mutated = Mutate(random, body);
            var kind = withTrailer ? PayloadKind.StreamingSignedTrailer : PayloadKind.StreamingSigned;

            var outcome = await Task.Run(async () =>
            {
                try
                {
                    var (data, _) = await DecodeAsync(new AwsChunkedStream(new TricklingStream(mutated, random), kind, context), random.Next(1, 5000));
                    return data;
                }
                catch (AwsChunkedException)
                {
                    return null;
                }
            }).WaitAsync(Bound);

            if (outcome is not null)
            {
                Assert.Equal(original, outcome); // accepted only if the data is exactly what was signed
            }
        }
    }

    [Fact]
    public async Task Fuzz_RandomAndMutatedUnsignedBodies_EndInDataOrInAChunkedError()
    {
        var random = new Random(77);
        for (var iteration = 0; iteration < 400; iteration++)
        {
            var body = iteration % 4 == 0
                ? RandomBytes(random, random.Next(0, 200))
                : Mutate(random, Encoding.ASCII.GetBytes($"{random.Next(1, 300):x}\r\n{new string('d', 0)}"));
            await Task.Run(async () =>
            {
                try
                {
                    await DecodeAsync(new AwsChunkedStream(new TricklingStream(body, random), PayloadKind.StreamingUnsignedTrailer, null));
                }
                catch (AwsChunkedException)
                {
                }
            }).WaitAsync(Bound);
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] body)
    {
        var list = body.ToList();
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits && list.Count > 0; i++)
        {
            var at = random.Next(list.Count);
            switch (random.Next(4))
            {
                case 0:
                    list[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    list.RemoveAt(at);
                    break;
                case 2:
                    list.Insert(at, (byte)"0a;\r\n:x"[random.Next(7)]);
                    break;
                default:
                    list.RemoveRange(at, list.Count - at);
                    break;
            }
        }
        return [.. list];
    }
}
