using System.Text;
using System.Xml.Linq;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.Tests.S3.Xml;

public sealed class XmlBuilderTests
{
    private static string Build(Action<XmlBuilder> write, int capacity = 4096)
    {
        using var xml = new XmlBuilder(capacity);
        write(xml);
        return Encoding.UTF8.GetString(xml.Written.Span);
    }

    [Fact]
    public void Root_WritesDeclarationAndNamespace()
    {
        var text = Build(x => x.Root("ListAllMyBucketsResult").End("ListAllMyBucketsResult"));
        Assert.Equal("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></ListAllMyBucketsResult>", text);
        Assert.Equal(XmlBuilder.Namespace, XDocument.Parse(text).Root!.Name.NamespaceName);
    }

    [Fact]
    public void Text_MarkupCharacters_Escaped()
    {
        var text = Build(x => x.Element("Key", "a&b<c>d\"e'f"));
        Assert.EndsWith("<Key>a&amp;b&lt;c&gt;d&quot;e&apos;f</Key>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_ControlCharacters_NumericReferencesButTabRaw()
    {
        var text = Build(x => x.Element("Key", "a\u0001b\nc\rd\te\u001F"));
        Assert.EndsWith("<Key>a&#x1;b&#xA;c&#xD;d\te&#x1F;</Key>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_NewlinesAndCarriageReturns_SurviveAnXmlParser()
    {
        var text = Build(x => x.Element("Key", "line1\r\nline2\r"));
        Assert.Equal("line1\r\nline2\r", XDocument.Parse(text).Root!.Value);
    }

    [Fact]
    public void Text_NonAscii_WrittenAsUtf8()
    {
        var text = Build(x => x.Element("Key", "€ 😀 ü"));
        Assert.Equal("€ 😀 ü", XDocument.Parse(text).Root!.Value);
    }

    [Fact]
    public void Element_NullValue_Omitted() => Assert.DoesNotContain("<Owner>", Build(x => x.Element("Owner", (string?)null)), StringComparison.Ordinal);

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Element_Long_Formatted(long value, string expected) =>
        Assert.EndsWith($"<Size>{expected}</Size>", Build(x => x.Element("Size", value)), StringComparison.Ordinal);

    [Fact]
    public void Element_LongAtBufferEdge_Grows()
    {
        // Fill the buffer to just short of its end so the number itself must trigger growth.
        for (var fill = 0; fill < 64; fill++)
        {
            var text = Build(x => x.Element("P", new string('x', fill)).Element("Size", long.MinValue), capacity: 64);
            Assert.EndsWith("<Size>-9223372036854775808</Size>", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Element_Bool_LowerCase()
    {
        var text = Build(x => x.Element("IsTruncated", true).Element("IsLatest", false));
        Assert.EndsWith("<IsTruncated>true</IsTruncated><IsLatest>false</IsLatest>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Element_Date_IsoUtcWithMilliseconds()
    {
        var date = new DateTimeOffset(2024, 2, 29, 23, 59, 58, 7, TimeSpan.FromHours(2));
        Assert.EndsWith("<LastModified>2024-02-29T21:59:58.007Z</LastModified>", Build(x => x.Element("LastModified", date)), StringComparison.Ordinal);
    }

    [Fact]
    public void ETag_Quoted_AndEscaped() =>
        Assert.EndsWith("<ETag>&quot;abc-2&quot;</ETag>", Build(x => x.ETag("ETag", "abc-2")), StringComparison.Ordinal);

    [Fact]
    public void Write_PastInitialBuffer_GrowsAndKeepsEverything()
    {
        var keys = Enumerable.Range(0, 2000).Select(i => $"dir/ключ-{i}-&<{new string('€', i % 50)}").ToList();
        var text = Build(x =>
        {
            x.Root("ListBucketResult");
            foreach (var key in keys)
            {
                x.Start("Contents").Element("Key", key).Element("Size", (long)key.Length).End("Contents");
            }
            x.End("ListBucketResult");
        }, capacity: 16);
        var parsed = XDocument.Parse(text).Root!.Elements().Select(e => e.Elements().First().Value).ToList();
        Assert.Equal(keys, parsed);
    }

    [Fact]
    public void Dispose_Twice_ReturnsBufferOnce()
    {
        var xml = new XmlBuilder();
        xml.Root("R");
        xml.Dispose();
        var ex = Record.Exception(xml.Dispose);
        Assert.Null(ex);
    }

    [Fact]
    public void Written_AfterDispose_IsEmpty()
    {
        var xml = new XmlBuilder();
        xml.Root("R");
        xml.Dispose();
        Assert.True(xml.Written.IsEmpty);
    }
}
