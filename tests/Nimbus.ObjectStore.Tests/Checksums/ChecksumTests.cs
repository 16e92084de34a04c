using System.Text;
using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Tests.Checksums;

public sealed class ChecksumTests
{
    private static readonly byte[] Check = Encoding.ASCII.GetBytes("123456789");

    [Fact]
    public void Crc32_CheckValue_MatchesPublished() => Assert.Equal(0xCBF43926u, Crc32.Compute(Check));

    [Fact]
    public void Crc32C_CheckValue_MatchesPublished()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute(Check));
        Assert.Equal(0xE3069283u, ~Crc32C.UpdatePortable(~0u, Check));
    }

    [Fact]
    public void Crc64Nvme_CheckValue_MatchesPublished() => Assert.Equal(0xAE8B14860A799888ul, Crc64Nvme.Compute(Check));

    [Fact]
    public void EmptyInput_GivesZeroCrcs()
    {
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(0u, Crc32C.Compute([]));
        Assert.Equal(0ul, Crc64Nvme.Compute([]));
    }

    [Fact]
    public void Crc32C_AwsTrailerExample_MatchesAwsValue()
    {
        // The AWS SigV4 trailer documentation example: 66560 bytes of 'a' carry x-amz-checksum-crc32c:sOO8/Q==.
        var data = new byte[66560];
        data.AsSpan().Fill((byte)'a');
        Assert.Equal("sOO8/Q==", Checksum.ComputeBase64(ChecksumAlgorithm.Crc32C, data));
    }

    [Fact]
    public void Digests_AreBigEndian_InBase64()
    {
        // 0xCBF43926 big-endian is y/Q5Jg==; SHA-256 of "123456789" as published.
        Assert.Equal("y/Q5Jg==", Checksum.ComputeBase64(ChecksumAlgorithm.Crc32, Check));
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString("e3069283")), Checksum.ComputeBase64(ChecksumAlgorithm.Crc32C, Check));
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString("ae8b14860a799888")), Checksum.ComputeBase64(ChecksumAlgorithm.Crc64Nvme, Check));
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString("15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225")),
            Checksum.ComputeBase64(ChecksumAlgorithm.Sha256, Check));
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString("f7c3bc1d808e04732adf679965ccc34ca7ae3441")),
            Checksum.ComputeBase64(ChecksumAlgorithm.Sha1, Check));
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    [InlineData(ChecksumAlgorithm.Sha1)]
    [InlineData(ChecksumAlgorithm.Sha256)]
    public void Append_InPiecesOfAnySize_EqualsOneShot(ChecksumAlgorithm algorithm)
    {
        var random = new Random(1234);
        var data = new byte[10_000];
        random.NextBytes(data);
        var expected = Checksum.ComputeBase64(algorithm, data);
        var checksum = Checksum.Create(algorithm);
        Assert.Equal(algorithm, checksum.Algorithm);
        Assert.Equal(Checksum.Size(algorithm), checksum.Size);
        for (var round = 0; round < 3; round++)
        {
            var at = 0;
            while (at < data.Length)
            {
                var n = Math.Min(random.Next(0, 40), data.Length - at);
                checksum.Append(data.AsSpan(at, n));
                at += n;
            }
            // Also proves GetHashAndReset resets: every round starts from scratch.
            Assert.Equal(expected, Checksum.GetBase64AndReset(checksum));
        }
    }

    [Fact]
    public void Crc32C_TablePath_AgreesWithHardwarePath()
    {
        var random = new Random(99);
        for (var length = 0; length < 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Crc32C.Update(~0u, data), Crc32C.UpdatePortable(~0u, data));
        }
    }

    [Fact]
    public void Crcs_AgreeWithBitwiseReference_OnRandomData()
    {
        var random = new Random(7);
        for (var length = 0; length < 200; length += 7)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(BitwiseCrc32(data, 0xEDB88320), Crc32.Compute(data));
            Assert.Equal(BitwiseCrc32(data, 0x82F63B78), Crc32C.Compute(data));
            Assert.Equal(BitwiseCrc64(data, 0x9A6C9329AC4BC9B5), Crc64Nvme.Compute(data));
        }
    }

    [Theory]
    [InlineData("CRC32", ChecksumAlgorithm.Crc32)]
    [InlineData("crc32c", ChecksumAlgorithm.Crc32C)]
    [InlineData("Crc64Nvme", ChecksumAlgorithm.Crc64Nvme)]
    [InlineData("SHA1", ChecksumAlgorithm.Sha1)]
    [InlineData("sha256", ChecksumAlgorithm.Sha256)]
    public void TryParseAlgorithm_KnownNames_AnyCase(string name, ChecksumAlgorithm expected)
    {
        Assert.True(Checksum.TryParseAlgorithm(name, out var algorithm));
        Assert.Equal(expected, algorithm);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MD5")]
    [InlineData("CRC64")]
    [InlineData("None")]
    public void TryParseAlgorithm_Unknown_IsFalse(string? name)
    {
        Assert.False(Checksum.TryParseAlgorithm(name, out var algorithm));
        Assert.Equal(ChecksumAlgorithm.None, algorithm);
    }

    [Fact]
    public void Composite_IsChecksumOfConcatenatedPartDigests_WithPartCount()
    {
        var part1 = Encoding.ASCII.GetBytes("hello ");
        var part2 = Encoding.ASCII.GetBytes("world");
        var parts = new[] { Checksum.ComputeBase64(ChecksumAlgorithm.Crc32C, part1), Checksum.ComputeBase64(ChecksumAlgorithm.Crc32C, part2) };
        var concatenated = Convert.FromBase64String(parts[0]).Concat(Convert.FromBase64String(parts[1])).ToArray();

        Assert.True(Checksum.TryComputeComposite(ChecksumAlgorithm.Crc32C, parts, out var composite));

        Assert.Equal(Checksum.ComputeBase64(ChecksumAlgorithm.Crc32C, concatenated) + "-2", composite);
    }

    [Fact]
    public void Composite_PartDigestOfWrongSizeOrNotBase64_IsRejected()
    {
        var sha1 = Checksum.ComputeBase64(ChecksumAlgorithm.Sha1, Check);
        Assert.False(Checksum.TryComputeComposite(ChecksumAlgorithm.Crc32, [sha1], out _));
        Assert.False(Checksum.TryComputeComposite(ChecksumAlgorithm.Crc32, ["not base64!"], out _));
        Assert.False(Checksum.TryComputeComposite(ChecksumAlgorithm.Crc32, [], out _));
        Assert.False(Checksum.TryComputeComposite(ChecksumAlgorithm.None, [sha1], out _));
    }

    private static uint BitwiseCrc32(byte[] data, uint polynomial)
    {
        var crc = ~0u;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
            }
        }
        return ~crc;
    }

    private static ulong BitwiseCrc64(byte[] data, ulong polynomial)
    {
        var crc = ~0ul;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
            }
        }
        return ~crc;
    }
}
