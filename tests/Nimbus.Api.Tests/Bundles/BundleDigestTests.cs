using System.Text;
using Nimbus.Api.Bundles;

namespace Nimbus.Api.Tests.Bundles;

public sealed class BundleDigestTests
{
    // SHA-256 of "abc" (FIPS 180-2 test vector).
    private const string Abc = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public void Compute_KnownVector_GivesPrefixedLowercaseHex() =>
        Assert.Equal(Abc, BundleDigest.Compute("abc"u8));

    [Fact]
    public async Task ComputeAsync_FromStream_MatchesCompute() =>
        Assert.Equal(Abc, await BundleDigest.ComputeAsync(new MemoryStream(Encoding.ASCII.GetBytes("abc"))));

    [Theory]
    [InlineData(Abc, true)]
    [InlineData("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", false)]
    [InlineData("sha256:ba7816bf", false)]
    [InlineData("sha512:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)]
    [InlineData("sha256:za7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)]
    [InlineData("sha256:../../../../etc/passwd", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_AcceptsOnlyTheCanonicalForm(string? digest, bool valid) =>
        Assert.Equal(valid, BundleDigest.IsValid(digest));

    [Fact]
    public void Format_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => BundleDigest.Format(new byte[16]));
}
