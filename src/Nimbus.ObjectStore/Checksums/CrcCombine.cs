namespace Nimbus.ObjectStore.Checksums;

/// <summary>
/// The CRC of a concatenation from the CRCs of its pieces and their lengths, without the data: what S3's
/// FULL_OBJECT multipart checksum needs (the whole object's CRC from the parts' CRCs). For reflected CRCs
/// whose initial value equals their final xor (CRC-32, CRC-32C, CRC-64/NVME):
/// <c>crc(A·B) = crc(A)·x^(8·|B|) mod P ⊕ crc(B)</c>. Multiplication is in GF(2)[x] modulo the polynomial, in the
/// reflected bit order the CRCs use; x^(8n) comes from a table of x^(2^k) in O(log n) multiplications.
/// </summary>
public sealed class CrcCombine
{
    public static readonly CrcCombine Crc32 = new(0xEDB88320, 32);
    public static readonly CrcCombine Crc32C = new(0x82F63B78, 32);
    public static readonly CrcCombine Crc64Nvme = new(0x9A6C9329AC4BC9B5, 64);

    private readonly ulong _polynomial;
    private readonly ulong _top;
    private readonly ulong[] _powers = new ulong[3 + 64]; // x^(2^k) for every k a long length can need

    private CrcCombine(ulong reflectedPolynomial, int width)
    {
        _polynomial = reflectedPolynomial;
        _top = 1ul << (width - 1);              // x^0 in reflected order
        _powers[0] = _top >> 1;                 // x^1
        for (var k = 1; k < _powers.Length; k++)
        {
            _powers[k] = Multiply(_powers[k - 1], _powers[k - 1]); // x^(2^k)
        }
    }

    /// <summary>The combiner for a CRC algorithm, or null for one that cannot be combined (SHA-1, SHA-256).</summary>
    public static CrcCombine? For(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => Crc32,
        ChecksumAlgorithm.Crc32C => Crc32C,
        ChecksumAlgorithm.Crc64Nvme => Crc64Nvme,
        _ => null,
    };

    /// <summary>The (final) CRC of A followed by B, given crc(A), crc(B) and B's length in bytes.</summary>
    public ulong Combine(ulong first, ulong second, long secondLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(secondLength);
        return Multiply(PowerOfX8(secondLength), first) ^ second;
    }

    /// <summary>x^(8n) mod P.</summary>
    private ulong PowerOfX8(long n)
    {
        var result = _top;
        var k = 3; // x^(8n) = x^(n·2^3)
        for (var bits = (ulong)n; bits != 0; bits >>= 1, k++)
        {
            if ((bits & 1) != 0)
            {
                result = Multiply(_powers[k], result);
            }
        }
        return result;
    }

    /// <summary>a·b mod P, both in reflected order (the highest bit is x^0).</summary>
    private ulong Multiply(ulong a, ulong b)
    {
        ulong product = 0;
        for (var m = _top; m != 0; m >>= 1)
        {
            if ((a & m) != 0)
            {
                product ^= b;
                if ((a & (m - 1)) == 0)
                {
                    break;
                }
            }
            b = (b & 1) != 0 ? (b >> 1) ^ _polynomial : b >> 1;
        }
        return product;
    }
}
