using System.Xml.Linq;
using Nimbus.ObjectStore.S3;
using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.Tests.S3.Http;

public sealed class TaggingTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ParseHeader_Missing_NoTags(string? header) => Assert.Empty(Tagging.ParseHeader(header));

    [Fact]
    public void ParseHeader_UrlEncodedPairs_Decoded()
    {
        var tags = Tagging.ParseHeader("project=a%26b&owner=J+Doe&empty=&bare");
        Assert.Equal(Pairs(("project", "a&b"), ("owner", "J Doe"), ("empty", ""), ("bare", "")), tags);
    }

    [Fact]
    public void ParseHeader_TenTags_Allowed() =>
        Assert.Equal(10, Tagging.ParseHeader(string.Join('&', Enumerable.Range(0, 10).Select(i => $"k{i}=v"))).Count);

    [Fact]
    public void ParseHeader_ElevenTags_InvalidTag() =>
        AssertInvalidTag(() => Tagging.ParseHeader(string.Join('&', Enumerable.Range(0, 11).Select(i => $"k{i}=v"))));

    [Fact]
    public void ParseHeader_DuplicateKey_InvalidTag() => AssertInvalidTag(() => Tagging.ParseHeader("a=1&a=2"));

    [Fact]
    public void ParseHeader_EmptyKey_InvalidTag() => AssertInvalidTag(() => Tagging.ParseHeader("=v"));

    [Fact]
    public void ParseHeader_KeyOf128_AllowedAnd129_InvalidTag()
    {
        Assert.Single(Tagging.ParseHeader(new string('k', 128) + "=v"));
        AssertInvalidTag(() => Tagging.ParseHeader(new string('k', 129) + "=v"));
    }

    [Fact]
    public void ParseHeader_ValueOf256_AllowedAnd257_InvalidTag()
    {
        Assert.Single(Tagging.ParseHeader("k=" + new string('v', 256)));
        AssertInvalidTag(() => Tagging.ParseHeader("k=" + new string('v', 257)));
    }

    [Fact]
    public void ParseDocument_TagSet_ReadsKeysAndValuesIgnoringNamespace()
    {
        var root = XElement.Parse("""
            <Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>
              <Tag><Key>a</Key><Value>1 &amp; 2</Value></Tag>
              <Tag><Key>b</Key></Tag>
            </TagSet></Tagging>
            """);
        Assert.Equal(Pairs(("a", "1 & 2"), ("b", "")), Tagging.ParseDocument(root));
    }

    [Fact]
    public void ParseDocument_EmptyTagSet_NoTags() =>
        Assert.Empty(Tagging.ParseDocument(XElement.Parse("<Tagging><TagSet/></Tagging>")));

    [Fact]
    public void ParseDocument_NoTagSet_MalformedXml() =>
        AssertCode("MalformedXML", () => Tagging.ParseDocument(XElement.Parse("<Tagging/>")));

    [Fact]
    public void ParseDocument_TagWithoutKey_MalformedXml() =>
        AssertCode("MalformedXML", () => Tagging.ParseDocument(XElement.Parse("<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>")));

    [Fact]
    public void ParseDocument_DuplicateKeys_InvalidTag() =>
        AssertInvalidTag(() => Tagging.ParseDocument(XElement.Parse("<Tagging><TagSet><Tag><Key>a</Key></Tag><Tag><Key>a</Key></Tag></TagSet></Tagging>")));

    [Fact]
    public void ParseDocument_ElevenTags_InvalidTag()
    {
        var tags = string.Concat(Enumerable.Range(0, 11).Select(i => $"<Tag><Key>k{i}</Key><Value>v</Value></Tag>"));
        AssertInvalidTag(() => Tagging.ParseDocument(XElement.Parse($"<Tagging><TagSet>{tags}</TagSet></Tagging>")));
    }

    private static KeyValuePair<string, string>[] Pairs(params (string Key, string Value)[] pairs) =>
        [.. pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))];

    private static void AssertInvalidTag(Action action) => AssertCode("InvalidTag", action);

    private static void AssertCode(string code, Action action)
    {
        var ex = Assert.Throws<S3Exception>(action);
        Assert.Equal(code, ex.Error.Code);
        Assert.Equal(400, ex.Error.Status);
    }
}
