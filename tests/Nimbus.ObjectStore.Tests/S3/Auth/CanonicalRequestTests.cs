using System.Security.Cryptography;
using System.Text;
using Nimbus.ObjectStore.S3.Auth;
using Nimbus.ObjectStore.Tests.S3.Http;

namespace Nimbus.ObjectStore.Tests.S3.Auth;

/// <summary>The verifier hashes the canonical request without making it a string: the hash must be exactly the
/// SHA-256 of the string's UTF-8, whatever the size (the builder spreads a long one over chunks) and even when a chunk
/// ends between the two halves of a surrogate pair.</summary>
public sealed class CanonicalRequestTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(2000)]
    [InlineData(70000)]
    public void Hash_IsTheSha256OfTheBuiltText(int valueLength)
    {
        // Characters of one, two, three and four UTF-8 bytes, repeated: every chunk boundary lands on each kind.
        var value = string.Concat(Enumerable.Repeat("a\u00e9\u20ac\U0001F600", (valueLength / 5) + 1))[..valueLength];
        var request = Requests.Create("PUT", [("host", "example.test"), ("x-amz-date", "20261123T000000Z"), ("x-amz-meta-note", value)]);
        var target = RequestTarget.Parse("/bucket/some%20key?uploads&partNumber=2");
        string[] signed = ["host", "x-amz-date", "x-amz-meta-note"];
        const string payload = "UNSIGNED-PAYLOAD";

        var hash = new byte[32];
        for (var i = 0; i < 3; i++) // the per-thread builder and encoder are reused: no state may carry over
        {
            var text = CanonicalRequest.Build("PUT", target, false, request.Headers, signed, string.Join(';', signed), payload);
            CanonicalRequest.Hash("PUT", target, false, request.Headers, signed, string.Join(';', signed), payload, hash);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), Convert.ToHexStringLower(hash));
        }
    }
}
