using System.Net;
using System.Security.Cryptography;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3;
using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.Tests.S3.Http;

public sealed class EncryptionHeadersTests
{
    private const string Prefix = "x-amz-server-side-encryption-customer-";
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly string KeyBase64 = Convert.ToBase64String(Key);
    private static readonly string KeyMd5 = Convert.ToBase64String(MD5.HashData(Key));

    private static (string, string)[] CustomerHeaders(string prefix = Prefix, string algorithm = "AES256", string? key = null, string? md5 = null) =>
        [(prefix + "algorithm", algorithm), (prefix + "key", key ?? KeyBase64), (prefix + "key-MD5", md5 ?? KeyMd5)];

    [Fact]
    public void ForWrite_Nothing_NoneOrBucketDefault()
    {
        Assert.Equal(EncryptionKind.None, EncryptionHeaders.ForWrite(Requests.With(), BucketSettings.Default).Kind);
        Assert.Equal(EncryptionKind.S3Managed, EncryptionHeaders.ForWrite(Requests.With(), BucketSettings.Default with { DefaultEncryption = true }).Kind);
    }

    [Fact]
    public void ForWrite_Aes256_S3Managed() =>
        Assert.Equal(EncryptionKind.S3Managed, EncryptionHeaders.ForWrite(Requests.With(("x-amz-server-side-encryption", "AES256")), BucketSettings.Default).Kind);

    [Theory]
    [InlineData("aws:kms")]
    [InlineData("aws:kms:dsse")]
    public void ForWrite_Kms_NotImplemented(string value)
    {
        var ex = Assert.Throws<S3Exception>(() => EncryptionHeaders.ForWrite(Requests.With(("x-amz-server-side-encryption", value)), BucketSettings.Default));
        Assert.Equal("NotImplemented", ex.Error.Code);
        Assert.Equal(501, ex.Error.Status);
    }

    [Fact]
    public void ForWrite_UnknownMethod_InvalidArgument() =>
        AssertInvalidArgument(() => EncryptionHeaders.ForWrite(Requests.With(("x-amz-server-side-encryption", "aes256")), BucketSettings.Default));

    [Fact]
    public void ForWrite_CustomerKey_ReturnsKey()
    {
        var spec = EncryptionHeaders.ForWrite(Requests.With(CustomerHeaders()), BucketSettings.Default with { DefaultEncryption = true });
        Assert.Equal(EncryptionKind.CustomerKey, spec.Kind);
        Assert.Equal(Key, spec.CustomerKey.ToArray());
        Assert.Equal(KeyMd5, EncryptionHeaders.KeyMd5(spec));
    }

    [Fact]
    public void ForWrite_CustomerKeyWithoutMd5_InvalidArgument() =>
        AssertInvalidArgument(() => EncryptionHeaders.ForWrite(Requests.With((Prefix + "algorithm", "AES256"), (Prefix + "key", KeyBase64)), BucketSettings.Default));

    [Fact]
    public void ForWrite_CustomerKeyAndSseS3_InvalidArgument() =>
        AssertInvalidArgument(() => EncryptionHeaders.ForWrite(Requests.With([.. CustomerHeaders(), ("x-amz-server-side-encryption", "AES256")]), BucketSettings.Default));

    [Theory]
    [InlineData("")]
    [InlineData("aws:kms")]
    [InlineData("aes256")]
    public void ForRead_WrongAlgorithm_InvalidArgument(string algorithm) =>
        AssertInvalidArgument(() => EncryptionHeaders.ForRead(Requests.With(CustomerHeaders(algorithm: algorithm))));

    [Fact]
    public void ForRead_KeyNotBase64_InvalidArgument() =>
        AssertInvalidArgument(() => EncryptionHeaders.ForRead(Requests.With(CustomerHeaders(key: "not base64!"))));

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void ForRead_KeyNot256Bits_InvalidArgument(int length)
    {
        var key = new byte[length];
        AssertInvalidArgument(() => EncryptionHeaders.ForRead(Requests.With(CustomerHeaders(key: Convert.ToBase64String(key), md5: Convert.ToBase64String(MD5.HashData(key))))));
    }

    [Fact]
    public void ForRead_Md5Mismatch_InvalidArgument() =>
        AssertInvalidArgument(() => EncryptionHeaders.ForRead(Requests.With(CustomerHeaders(md5: Convert.ToBase64String(MD5.HashData("x"u8))))));

    [Fact]
    public void ForRead_OnlyMd5Header_InvalidArgument() =>
        AssertInvalidArgument(() => EncryptionHeaders.ForRead(Requests.With((Prefix + "key-MD5", KeyMd5))));

    [Fact]
    public void ForRead_NoHeaders_None() => Assert.Equal(EncryptionKind.None, EncryptionHeaders.ForRead(Requests.With()).Kind);

    [Fact]
    public void ForRead_CopySource_ReadsCopySourceHeadersOnly()
    {
        var request = Requests.With(CustomerHeaders("x-amz-copy-source-server-side-encryption-customer-"));
        Assert.Equal(EncryptionKind.None, EncryptionHeaders.ForRead(request).Kind);
        Assert.Equal(Key, EncryptionHeaders.ForRead(request, copySource: true).CustomerKey.ToArray());
    }

    [Fact]
    public void ForRead_RemoteClientOverPlainHttp_InvalidRequest()
    {
        var request = Requests.Create("GET", CustomerHeaders(), IPAddress.Parse("203.0.113.9"));
        var ex = Assert.Throws<S3Exception>(() => EncryptionHeaders.ForRead(request));
        Assert.Equal("InvalidRequest", ex.Error.Code);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("203.0.113.9", true)]
    public void ForRead_LoopbackOrHttps_Accepted(string remote, bool https)
    {
        var request = Requests.Create("GET", CustomerHeaders(), IPAddress.Parse(remote), https);
        Assert.Equal(EncryptionKind.CustomerKey, EncryptionHeaders.ForRead(request).Kind);
    }

    [Fact]
    public void Write_S3Managed_SetsSseHeader()
    {
        var response = Requests.With().HttpContext.Response;
        EncryptionHeaders.Write(response, EncryptionKind.S3Managed, null);
        Assert.Equal("AES256", response.Headers["x-amz-server-side-encryption"].ToString());
    }

    [Fact]
    public void Write_CustomerKey_EchoesAlgorithmAndMd5()
    {
        var response = Requests.With().HttpContext.Response;
        EncryptionHeaders.Write(response, EncryptionKind.CustomerKey, KeyMd5);
        Assert.Equal("AES256", response.Headers[Prefix + "algorithm"].ToString());
        Assert.Equal(KeyMd5, response.Headers[Prefix + "key-MD5"].ToString());
        Assert.Empty(response.Headers["x-amz-server-side-encryption"].ToString());
    }

    [Fact]
    public void Write_None_NoHeaders()
    {
        var response = Requests.With().HttpContext.Response;
        EncryptionHeaders.Write(response, EncryptionKind.None, null);
        Assert.Empty(response.Headers);
    }

    private static void AssertInvalidArgument(Action action)
    {
        var ex = Assert.Throws<S3Exception>(action);
        Assert.Equal("InvalidArgument", ex.Error.Code);
        Assert.Equal(400, ex.Error.Status);
    }
}
