using System.Diagnostics;
using System.Text;
using Nimbus.ObjectStore.S3;
using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.Tests.S3.Http;

/// <summary>Random and mutated inputs for the request-target, query, range and tagging parsers: fixed seeds, bounded
/// iterations and at most ~2 s each. Parse documents no exception, so any exception is a failure.</summary>
public sealed class ParserFuzzTests
{
    private const int Iterations = 20_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
    private static readonly string[] Domains = ["s3.localhost"];
    private static readonly string[] Hosts = ["localhost:9000", "b.s3.localhost", "B.S3.LOCALHOST:1", "[::1]:9000", "", ":", "s3.localhost", ".s3.localhost", "a..s3.localhost"];
    private static readonly string[] Pieces =
        ["/", "//", "?", "&", "=", "%", "%2F", "%2f", "%25", "%E2%82%AC", "%C3", "%zz", "+", " ", "a", "b", "key", ".", "..", "http://", "https://", "HTTP://", "host", ":", "#", "\0", "€", "😀", "\uD800", "uploads", "versionId", "x-id=ListObjectsV2"];

    private static bool Within(Stopwatch clock, int i) => i < Iterations && (i < 100 || clock.Elapsed < Budget);

    private static string RandomTarget(Random random)
    {
        var builder = new StringBuilder();
        var n = random.Next(0, 12);
        for (var i = 0; i < n; i++)
        {
            builder.Append(random.Next(4) == 0 ? (char)random.Next(0, 0x3000) : Pieces[random.Next(Pieces.Length)]);
        }
        return builder.ToString();
    }

    /// <summary>Any string without lone surrogates, weighted towards characters that need escaping in a path.</summary>
    private static string RandomKey(Random random, int maxLength)
    {
        const string special = "/%+?&=#;: ~!*'()[]@$,.\\\"<>{}|^`\t";
        var builder = new StringBuilder();
        var n = random.Next(1, maxLength);
        for (var i = 0; i < n; i++)
        {
            switch (random.Next(5))
            {
                case 0: builder.Append(special[random.Next(special.Length)]); break;
                case 1: builder.Append((char)random.Next(0x80, 0xD800)); break;
                case 2: builder.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x10FFFF))); break;
                case 3: builder.Append((char)random.Next(1, 0x20)); break;
                default: builder.Append((char)random.Next('a', 'z' + 1)); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>Percent-encodes as AWS signers do, keeping '/' as the separator when asked.</summary>
    private static string Encode(string key, bool keepSlashes) =>
        keepSlashes ? string.Join('/', key.Split('/').Select(Uri.EscapeDataString)) : Uri.EscapeDataString(key);

    [Fact]
    public void S3TargetParse_RandomTargets_NeverThrow()
    {
        var random = new Random(4711);
        var clock = Stopwatch.StartNew();
        for (var i = 0; Within(clock, i); i++)
        {
            var raw = RandomTarget(random);
            var host = random.Next(3) == 0 ? RandomTarget(random) : Hosts[random.Next(Hosts.Length)];
            var target = S3Target.Parse(raw, host, Domains);
            Assert.True(target.Bucket is not null || target.Key is null, raw);
        }
    }

    [Fact]
    public void S3TargetParse_MutatedTargets_NeverThrow()
    {
        var random = new Random(1234);
        string[] seeds = ["/bucket/dir/key.txt?versionId=abc&partNumber=2", "http://localhost:9000/b/k?uploads", "/?list-type=2&prefix=a%2Fb&delimiter=%2F", "//x"];
        var clock = Stopwatch.StartNew();
        for (var i = 0; Within(clock, i); i++)
        {
            var chars = seeds[random.Next(seeds.Length)].ToCharArray().ToList();
            for (var m = random.Next(1, 5); m > 0; m--)
            {
                var at = random.Next(chars.Count + 1);
                switch (random.Next(3))
                {
                    case 0 when chars.Count > 0 && at < chars.Count: chars.RemoveAt(at); break;
                    case 1: chars.InsertRange(at, Pieces[random.Next(Pieces.Length)]); break;
                    default: chars.Insert(at, (char)random.Next(0, 0x80)); break;
                }
            }
            var raw = new string([.. chars]);
            S3Target.Parse(raw, Hosts[random.Next(Hosts.Length)], Domains);
        }
    }

    [Fact]
    public void S3TargetParse_EncodedKeys_RoundTrip()
    {
        var random = new Random(99);
        var clock = Stopwatch.StartNew();
        for (var i = 0; Within(clock, i); i++)
        {
            var key = RandomKey(random, 40);
            var encoded = Encode(key, keepSlashes: random.Next(2) == 0);
            var pathStyle = S3Target.Parse("/my-bucket/" + encoded + "?versionId=v", "localhost:9000", Domains);
            Assert.Equal("my-bucket", pathStyle.Bucket);
            Assert.Equal(key, pathStyle.Key);
            Assert.Equal("v", pathStyle.Query.Get("versionId"));

            var virtualHosted = S3Target.Parse("/" + encoded, "my-bucket.s3.localhost:9000", Domains);
            Assert.Equal("my-bucket", virtualHosted.Bucket);
            Assert.Equal(key, virtualHosted.Key);

            var absolute = S3Target.Parse("http://localhost:9000/my-bucket/" + encoded, "localhost:9000", Domains);
            Assert.Equal(key, absolute.Key);
        }
    }

    [Fact]
    public void S3QueryParse_EncodedPairs_RoundTrip()
    {
        var random = new Random(7);
        var clock = Stopwatch.StartNew();
        for (var i = 0; Within(clock, i); i++)
        {
            var pairs = Enumerable.Range(0, random.Next(1, 5)).Select(n => ("p" + n + RandomKey(random, 6), RandomKey(random, 20))).ToList();
            var query = S3Query.Parse("?" + string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2))));
            Assert.Equal(pairs.Count, query.Count);
            foreach (var (name, value) in pairs)
            {
                Assert.Equal(value, query.Get(name));
            }
        }
    }

    [Fact]
    public void S3QueryParse_RandomQueries_NeverThrow()
    {
        var random = new Random(31337);
        var clock = Stopwatch.StartNew();
        for (var i = 0; Within(clock, i); i++)
        {
            var query = S3Query.Parse(RandomTarget(random));
            Assert.True(query.Count >= 0);
        }
    }

    [Fact]
    public void ByteRangeResolve_RandomHeaders_AlwaysWithinObject()
    {
        var random = new Random(2024);
        string[] parts = ["bytes=", "Bytes=", "bytes =", "-", "--", ",", " ", "0", "1", "9", "99", "100", "101", "-1", "+5", "9223372036854775807", "9223372036854775808", "18446744073709551615", "x", "\t"];
        long[] sizes = [0, 1, 2, 99, 100, 101, 5L * 1024 * 1024 * 1024, long.MaxValue];
        var clock = Stopwatch.StartNew();
        for (var i = 0; Within(clock, i); i++)
        {
            var header = new StringBuilder();
            for (var n = random.Next(0, 6); n > 0; n--)
            {
                header.Append(random.Next(5) == 0 ? random.NextInt64(-5, 200).ToString(System.Globalization.CultureInfo.InvariantCulture) : parts[random.Next(parts.Length)]);
            }
            var size = random.Next(4) == 0 ? random.NextInt64(0, long.MaxValue) : sizes[random.Next(sizes.Length)];
            var h = header.ToString();
            switch (ByteRange.Resolve(h, size, out var offset, out var length))
            {
                case ByteRange.Result.Whole:
                    Assert.Equal(0, offset);
                    Assert.Equal(size, length);
                    break;
                case ByteRange.Result.Partial:
                    Assert.True(offset >= 0 && length >= 1 && offset < size && length <= size - offset, $"'{h}' on {size}: {offset}+{length}");
                    break;
                default:
                    Assert.StartsWith("bytes=", h.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
                    break;
            }
        }
    }

    [Fact]
    public void TaggingParseHeader_RandomHeaders_OnlyInvalidTag()
    {
        var random = new Random(555);
        var clock = Stopwatch.StartNew();
        for (var i = 0; Within(clock, i); i++)
        {
            var header = RandomTarget(random);
            try
            {
                var tags = Tagging.ParseHeader(header);
                Assert.True(tags.Count <= Tagging.MaxTags);
                Assert.All(tags, t => Assert.InRange(t.Key.Length, 1, 128));
            }
            catch (S3Exception ex)
            {
                Assert.Equal("InvalidTag", ex.Error.Code);
            }
        }
    }
}
