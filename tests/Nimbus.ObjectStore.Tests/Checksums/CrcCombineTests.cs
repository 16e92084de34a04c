using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Tests.Checksums;

public sealed class CrcCombineTests
{
    private static ulong Crc(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        var digest = Convert.FromBase64String(Checksum.ComputeBase64(algorithm, data));
        return digest.Length == 8 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest) : System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(digest);
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    public void Combine_OfTwoPieces_IsTheCrcOfTheWhole(ChecksumAlgorithm algorithm)
    {
        var combine = CrcCombine.For(algorithm)!;
        var random = new Random(42);
        var data = new byte[70_000];
        random.NextBytes(data);
        foreach (var split in new[] { 0, 1, 7, 8, 9, 4096, 65_537, data.Length - 1, data.Length })
        {
            var first = Crc(algorithm, data.AsSpan(0, split));
            var second = Crc(algorithm, data.AsSpan(split));
            Assert.Equal(Crc(algorithm, data), combine.Combine(first, second, data.Length - split));
        }
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    public void Combine_FoldedOverManyPieces_IsTheCrcOfTheWhole(ChecksumAlgorithm algorithm)
    {
        var combine = CrcCombine.For(algorithm)!;
        var random = new Random(7);
        var data = new byte[200_000];
        random.NextBytes(data);
        ulong crc = 0;
        var offset = 0;
        for (var i = 0; offset < data.Length; i++)
        {
            var length = Math.Min(random.Next(1, 30_000), data.Length - offset);
            var piece = Crc(algorithm, data.AsSpan(offset, length));
            crc = i == 0 ? piece : combine.Combine(crc, piece, length);
            offset += length;
        }
        Assert.Equal(Crc(algorithm, data), crc);
    }

    [Fact]
    public void Combine_WithAnEmptySecondPiece_KeepsTheFirst()
    {
        Assert.Equal(0xCBF43926ul, CrcCombine.Crc32.Combine(0xCBF43926, 0, 0)); // CRC-32 of "123456789"
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    public void Combine_HugeLengths_ShiftLikeTheSumOfTheirParts(ChecksumAlgorithm algorithm)
    {
        // With a zero second CRC, Combine multiplies by x^(8n): shifting by n then m must equal shifting by n + m,
        // up to the largest S3 object (5 TiB) and beyond.
        var combine = CrcCombine.For(algorithm)!;
        foreach (var (n, m) in new[] { (5L << 40, 3L), (1L << 62, (1L << 62) - 1), (123_456_789L, 987_654_321L) })
        {
            Assert.Equal(combine.Combine(0x1234_5678, 0, n + m), combine.Combine(combine.Combine(0x1234_5678, 0, n), 0, m));
        }
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Sha1)]
    [InlineData(ChecksumAlgorithm.Sha256)]
    [InlineData(ChecksumAlgorithm.None)]
    public void For_NonCrcAlgorithms_IsNull(ChecksumAlgorithm algorithm) => Assert.Null(CrcCombine.For(algorithm));
}
