using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.Tests.S3.Http;

public sealed class S3QueryTests
{
    [Fact]
    public void Parse_Empty_IsEmpty()
    {
        Assert.Same(S3Query.Empty, S3Query.Parse(""));
        Assert.Same(S3Query.Empty, S3Query.Parse("?"));
    }

    [Fact]
    public void Parse_SubresourceWithoutValue_HasEmptyValue()
    {
        var q = S3Query.Parse("uploads");
        Assert.True(q.Has("uploads"));
        Assert.Equal("", q.Get("uploads"));
        Assert.Equal(1, q.Count);
    }

    [Fact]
    public void Parse_LeadingQuestionMark_Ignored()
    {
        var q = S3Query.Parse("?a=1");
        Assert.Equal("1", q.Get("a"));
    }

    [Fact]
    public void Parse_PercentEncoding_DecodedButPlusKept()
    {
        var q = S3Query.Parse("prefix=a%20b+c%2Bd&delimiter=%2F");
        Assert.Equal("a b+c+d", q.Get("prefix"));
        Assert.Equal("/", q.Get("delimiter"));
    }

    [Fact]
    public void Parse_ValueWithEquals_SplitsAtFirst()
    {
        var q = S3Query.Parse("marker=a=b=c");
        Assert.Equal("a=b=c", q.Get("marker"));
    }

    [Fact]
    public void Parse_EmptyPairs_Skipped()
    {
        var q = S3Query.Parse("&&a=1&&b&");
        Assert.Equal(2, q.Count);
        Assert.Equal("1", q.Get("a"));
        Assert.True(q.Has("b"));
    }

    [Fact]
    public void Get_RepeatedName_ReturnsFirst()
    {
        var q = S3Query.Parse("a=1&a=2");
        Assert.Equal("1", q.Get("a"));
        Assert.Equal(2, q.Count);
    }

    [Fact]
    public void Get_NamesAreCaseSensitive()
    {
        var q = S3Query.Parse("versionId=v");
        Assert.Null(q.Get("versionid"));
        Assert.False(q.Has("VersionId"));
    }

    [Fact]
    public void Parse_EncodedName_Decoded()
    {
        var q = S3Query.Parse("x%2Did=PutObject");
        Assert.Equal("PutObject", q.Get("x-id"));
    }
}
