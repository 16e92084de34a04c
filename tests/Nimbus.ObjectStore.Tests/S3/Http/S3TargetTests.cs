using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.Tests.S3.Http;

public sealed class S3TargetTests
{
    private static readonly string[] Domains = ["s3.localhost"];

    private static S3Target Parse(string rawTarget, string host = "localhost:9000") => S3Target.Parse(rawTarget, host, Domains);

    [Fact]
    public void Parse_Root_NamesNothing()
    {
        var t = Parse("/");
        Assert.Null(t.Bucket);
        Assert.Null(t.Key);
        Assert.False(t.VirtualHosted);
        Assert.Equal(0, t.Query.Count);
    }

    [Fact]
    public void Parse_PathStyleBucket_NamesBucketOnly()
    {
        var t = Parse("/photos");
        Assert.Equal("photos", t.Bucket);
        Assert.Null(t.Key);
    }

    [Fact]
    public void Parse_PathStyleBucketWithTrailingSlash_HasNoKey()
    {
        var t = Parse("/photos/");
        Assert.Equal("photos", t.Bucket);
        Assert.Null(t.Key);
    }

    [Fact]
    public void Parse_PathStyleKey_KeepsSlashesAndDecodes()
    {
        var t = Parse("/photos/2024/a%20b%2Fc+d.jpg?versionId=v1");
        Assert.Equal("photos", t.Bucket);
        Assert.Equal("2024/a b/c+d.jpg", t.Key);
        Assert.Equal("v1", t.Query.Get("versionId"));
    }

    [Fact]
    public void Parse_PathStyleDoubleSlash_KeepsLeadingSlashInKey()
    {
        var t = Parse("/photos//a//b");
        Assert.Equal("photos", t.Bucket);
        Assert.Equal("/a//b", t.Key);
    }

    [Fact]
    public void Parse_PercentEncodedUtf8Key_DecodesToUnicode()
    {
        var t = Parse("/b/%E2%82%AC%F0%9F%98%80");
        Assert.Equal("€😀", t.Key);
    }

    [Fact]
    public void Parse_VirtualHosted_BucketFromHostAndWholePathIsKey()
    {
        var t = Parse("/dir/file.txt", "photos.s3.localhost:9000");
        Assert.True(t.VirtualHosted);
        Assert.Equal("photos", t.Bucket);
        Assert.Equal("dir/file.txt", t.Key);
    }

    [Fact]
    public void Parse_VirtualHostedRoot_HasNoKey()
    {
        var t = Parse("/?list-type=2", "photos.s3.localhost");
        Assert.Equal("photos", t.Bucket);
        Assert.Null(t.Key);
        Assert.Equal("2", t.Query.Get("list-type"));
    }

    [Fact]
    public void Parse_VirtualHostedLeadingDoubleSlash_KeyKeepsSlash()
    {
        var t = Parse("//x", "photos.s3.localhost");
        Assert.Equal("/x", t.Key);
    }

    [Fact]
    public void Parse_VirtualHostedUpperCaseHost_BucketLowerCased()
    {
        var t = Parse("/k", "Photos.S3.LocalHost:80");
        Assert.Equal("photos", t.Bucket);
    }

    [Fact]
    public void Parse_VirtualHostedDottedBucket_KeepsDots()
    {
        var t = Parse("/k", "my.site.s3.localhost");
        Assert.Equal("my.site", t.Bucket);
    }

    [Theory]
    [InlineData("s3.localhost")]
    [InlineData(".s3.localhost")]
    [InlineData("xs3.localhost")]
    [InlineData("localhost")]
    [InlineData("[::1]:9000")]
    [InlineData("127.0.0.1")]
    public void Parse_HostNotUnderBaseDomain_IsPathStyle(string host)
    {
        var t = Parse("/b/k", host);
        Assert.False(t.VirtualHosted);
        Assert.Equal("b", t.Bucket);
        Assert.Equal("k", t.Key);
    }

    [Fact]
    public void Parse_NoBaseDomains_IsPathStyle()
    {
        var t = S3Target.Parse("/b/k", "b.s3.localhost", []);
        Assert.False(t.VirtualHosted);
        Assert.Equal("b", t.Bucket);
    }

    [Theory]
    [InlineData("http://localhost:9000/b/k?x=1")]
    [InlineData("HTTPS://localhost/b/k?x=1")]
    public void Parse_AbsoluteForm_UsesPathAndQuery(string raw)
    {
        var t = Parse(raw);
        Assert.Equal("b", t.Bucket);
        Assert.Equal("k", t.Key);
        Assert.Equal("1", t.Query.Get("x"));
    }

    [Fact]
    public void Parse_AbsoluteFormWithoutPath_IsRoot()
    {
        var t = Parse("http://localhost:9000");
        Assert.Null(t.Bucket);
        Assert.Null(t.Key);
    }

    [Fact]
    public void Parse_AbsoluteFormWithOnlyQuery_IsRootWithQuery()
    {
        var t = Parse("http://localhost:9000?x-id=ListBuckets");
        Assert.Null(t.Bucket);
        Assert.Equal("ListBuckets", t.Query.Get("x-id"));
    }

    [Fact]
    public void Parse_AbsoluteFormVirtualHosted_BucketFromHostHeader()
    {
        var t = Parse("http://photos.s3.localhost/a/b", "photos.s3.localhost");
        Assert.Equal("photos", t.Bucket);
        Assert.Equal("a/b", t.Key);
    }

    [Fact]
    public void Parse_InvalidPercentEscape_KeptLiterally()
    {
        var t = Parse("/b/100%zz%");
        Assert.Equal("100%zz%", t.Key);
    }
}
