using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Nimbus.ObjectStore.S3;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.Tests.S3.Xml;

public sealed class XmlBodyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    internal static async Task<(System.Xml.Linq.XElement? Root, S3Error? Error)> ReadAsync(byte[] body, string? contentMd5 = null, string? sha256 = null, long? contentLength = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentLength = contentLength ?? body.Length;
        if (contentMd5 is not null)
        {
            context.Request.Headers["Content-MD5"] = contentMd5;
        }
        return await XmlBody.ReadAsync(context.Request, new MemoryStream(body), default, sha256).AsTask().WaitAsync(Timeout);
    }

    private static Task<(System.Xml.Linq.XElement? Root, S3Error? Error)> ReadAsync(string body, string? contentMd5 = null, string? sha256 = null) =>
        ReadAsync(Encoding.UTF8.GetBytes(body), contentMd5, sha256);

    private static async Task AssertErrorAsync(string code, Task<(System.Xml.Linq.XElement? Root, S3Error? Error)> read)
    {
        var (root, error) = await read;
        Assert.Null(root);
        Assert.NotNull(error);
        Assert.Equal(code, error.Code);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task Read_WellFormed_ReturnsRootAndLookupsIgnoreNamespace()
    {
        var (root, error) = await ReadAsync("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment --><?pi ignored?>
            <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet><Object><Key>a</Key></Object><Object><Key>b &amp; c</Key></Object></Delete>
            """);
        Assert.Null(error);
        Assert.NotNull(root);
        Assert.Equal("true", root.ChildValue("Quiet"));
        Assert.Equal(["a", "b & c"], root.Children("Object").Select(o => o.ChildValue("Key")));
        Assert.Null(root.Child("Missing"));
        Assert.Null(root.ChildValue("Missing"));
    }

    [Fact]
    public async Task Read_Empty_MalformedXml() => await AssertErrorAsync("MalformedXML", ReadAsync(""));

    [Theory]
    [InlineData("<Delete>")]
    [InlineData("<a></b>")]
    [InlineData("not xml")]
    [InlineData("   ")]
    [InlineData("<a>&undefined;</a>")]
    [InlineData("<a/><b/>")]
    public async Task Read_Malformed_MalformedXml(string body) => await AssertErrorAsync("MalformedXML", ReadAsync(body));

    [Fact]
    public async Task Read_Dtd_Refused() =>
        await AssertErrorAsync("MalformedXML", ReadAsync("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"));

    [Fact]
    public async Task Read_ExternalEntity_Refused() =>
        await AssertErrorAsync("MalformedXML", ReadAsync("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"));

    [Fact]
    public async Task Read_BillionLaughs_RefusedQuickly()
    {
        var lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            lol.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : i - 1)};", 10))}\">");
        }
        lol.Append("]><lolz>&lol9;</lolz>");
        await AssertErrorAsync("MalformedXML", ReadAsync(lol.ToString()));
    }

    [Fact]
    public async Task Read_DeclaredLengthOverLimit_RefusedWithoutReading() =>
        await AssertErrorAsync("MalformedXML", ReadAsync("<a/>"u8.ToArray(), contentLength: XmlBody.MaxBytes + 1L));

    [Fact]
    public async Task Read_BodyOverLimitWithoutLength_MalformedXml()
    {
        var body = new byte[XmlBody.MaxBytes + 1];
        body.AsSpan().Fill((byte)' ');
        var context = new DefaultHttpContext();
        var (root, error) = await XmlBody.ReadAsync(context.Request, new MemoryStream(body), default).AsTask().WaitAsync(Timeout);
        Assert.Null(root);
        Assert.Equal("MalformedXML", error?.Code);
    }

    [Fact]
    public async Task Read_BodyAtLimit_Parsed()
    {
        var prefix = "<a>"u8.ToArray();
        var suffix = "</a>"u8.ToArray();
        var body = new byte[XmlBody.MaxBytes];
        body.AsSpan().Fill((byte)'x');
        prefix.CopyTo(body, 0);
        suffix.CopyTo(body, body.Length - suffix.Length);
        var (root, error) = await ReadAsync(body);
        Assert.Null(error);
        Assert.Equal(XmlBody.MaxBytes - 7, root!.Value.Length);
    }

    [Fact]
    public async Task Read_RightContentMd5_Parsed()
    {
        var body = "<a>1</a>"u8.ToArray();
        var (root, error) = await ReadAsync(body, Convert.ToBase64String(MD5.HashData(body)));
        Assert.Null(error);
        Assert.Equal("1", root!.Value);
    }

    [Fact]
    public async Task Read_WrongContentMd5_BadDigest() =>
        await AssertErrorAsync("BadDigest", ReadAsync("<a>1</a>", Convert.ToBase64String(MD5.HashData("<a>2</a>"u8))));

    [Fact]
    public async Task Read_MalformedContentMd5_InvalidDigest() =>
        await AssertErrorAsync("InvalidDigest", ReadAsync("<a>1</a>", "not-base64"));

    [Fact]
    public async Task Read_RightPayloadHash_AnyCase_Parsed()
    {
        var body = "<a>1</a>"u8.ToArray();
        var (_, error) = await ReadAsync(body, sha256: Convert.ToHexString(SHA256.HashData(body)));
        Assert.Null(error);
    }

    [Fact]
    public async Task Read_WrongPayloadHash_Sha256Mismatch() =>
        await AssertErrorAsync("XAmzContentSHA256Mismatch", ReadAsync("<a>1</a>", sha256: new string('0', 64)));

    [Fact]
    public async Task Read_Utf16Document_Parsed()
    {
        var body = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>ü</a>")).ToArray();
        var (root, error) = await ReadAsync(body);
        Assert.Null(error);
        Assert.Equal("ü", root!.Value);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"nonsense\"?><a/>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-32\"?><a/>")]
    public async Task Read_BadEncodingDeclaration_MalformedXml(string body) => await AssertErrorAsync("MalformedXML", ReadAsync(body));

    [Fact]
    public async Task Read_InvalidUtf8_MalformedXml() =>
        await AssertErrorAsync("MalformedXML", ReadAsync([.. "<a>"u8, 0xC3, 0x28, 0xFF, .. "</a>"u8]));
}
