using System.Diagnostics;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Nimbus.ObjectStore.S3;
using Nimbus.ObjectStore.S3.Http;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.Tests.S3.Xml;

/// <summary>Random and mutated documents through XmlBody (and the parsers behind it), and random text through
/// XmlBuilder: fixed seeds, bounded iterations, at most ~2 s each.</summary>
public sealed class XmlFuzzTests
{
    private const int Iterations = 5_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    private static readonly string[] Seeds =
    [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>a&amp;b</Key><VersionId>v1</VersionId></Object><Quiet>true</Quiet></Delete>",
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"abc\"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>\"def\"</ETag></Part></CompleteMultipartUpload>",
        "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>10</MaxAgeSeconds></CORSRule></CORSConfiguration>",
        "<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>",
        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    ];

    private static readonly string[] Fragments =
    [
        "<", ">", "</", "/>", "&", "&amp;", "&#x0;", "&#xD800;", "&lt", "<!DOCTYPE a [<!ENTITY e \"x\">]>", "<!ENTITY", "<![CDATA[", "]]>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "<?xml version=\"1.0\" encoding=\"bogus\"?>", "xmlns:p=\"u\"", "p:", "=\"", "\"", "'", "\0", "\uFFFE", "€", "<!--", "-->",
    ];

    private const string Markup = "&<>\"'\r\n\t]]>";

    private static bool Within(Stopwatch clock, int i) => i < Iterations && (i < 50 || clock.Elapsed < Budget);

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = seed.ToList();
        for (var m = random.Next(1, 6); m > 0; m--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(5))
            {
                case 0 when at < bytes.Count: bytes.RemoveAt(at); break;
                case 1 when at < bytes.Count: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)])); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                default:
                    var from = random.Next(bytes.Count + 1);
                    var length = random.Next(0, Math.Min(40, bytes.Count - from) + 1);
                    bytes.InsertRange(at, bytes.GetRange(from, length));
                    break;
            }
        }
        return [.. bytes];
    }

    [Fact]
    public async Task XmlBodyRead_MutatedDocuments_ReturnRootOrMalformedXml()
    {
        var random = new Random(8086);
        var seeds = Seeds.Select(Encoding.UTF8.GetBytes).ToArray();
        var clock = Stopwatch.StartNew();
        var parsed = 0;
        for (var i = 0; Within(clock, i); i++)
        {
            var body = Mutate(random, seeds[random.Next(seeds.Length)]);
            var (root, error) = await XmlBodyTests.ReadAsync(body);
            Assert.True(root is null != (error is null), "exactly one of root and error");
            if (error is not null)
            {
                Assert.Equal("MalformedXML", error.Code);
            }
            else
            {
                parsed++;
                ExerciseParsers(root!);
            }
        }
        Assert.True(parsed > 0, "some mutations should still parse, or the fuzz only tests the error path");
    }

    [Fact]
    public async Task XmlBodyRead_RandomBytes_ReturnMalformedXml()
    {
        var random = new Random(6502);
        var clock = Stopwatch.StartNew();
        for (var i = 0; Within(clock, i); i++)
        {
            var body = new byte[random.Next(1, 300)];
            random.NextBytes(body);
            if (random.Next(2) == 0)
            {
                body[0] = (byte)'<';
            }
            var (root, error) = await XmlBodyTests.ReadAsync(body);
            Assert.True(root is not null || error?.Code == "MalformedXML", error?.Code);
        }
    }

    /// <summary>The document parsers behind XmlBody may refuse a document only with an S3 error.</summary>
    private static void ExerciseParsers(XElement root)
    {
        foreach (var parse in new Action[] { () => Cors.Parse(root), () => Tagging.ParseDocument(root) })
        {
            try
            {
                parse();
            }
            catch (S3Exception ex)
            {
                Assert.Equal(400, ex.Error.Status);
            }
        }
    }

    [Fact]
    public void XmlBuilderText_RandomStrings_ParseBackUnchanged()
    {
        var random = new Random(42);
        var settings = new XmlReaderSettings { CheckCharacters = false };
        var clock = Stopwatch.StartNew();
        for (var i = 0; Within(clock, i); i++)
        {
            var text = RandomText(random);
            using var xml = new XmlBuilder(random.Next(1, 128));
            xml.Root("R").Element("Key", text).End("R");
            using var reader = XmlReader.Create(new MemoryStream(xml.Written.ToArray()), settings);
            var root = XElement.Load(reader);
            Assert.Equal(text, root.Value);
        }
    }

    /// <summary>Characters XML can carry (raw or as a reference): no lone surrogates and no U+FFFE/U+FFFF.</summary>
    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        for (var n = random.Next(0, 60); n > 0; n--)
        {
            switch (random.Next(4))
            {
                case 0: builder.Append((char)random.Next(1, 0x20)); break;
                case 1: builder.Append(Markup[random.Next(Markup.Length)]); break;
                case 2: builder.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x10FFFF))); break;
                default: builder.Append((char)random.Next(0x20, 0xD800)); break;
            }
        }
        return builder.ToString();
    }
}
