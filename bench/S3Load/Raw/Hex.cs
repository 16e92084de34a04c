namespace Nimbus.Bench.S3Load.Raw;

/// <summary>Lowercase hex straight into a caller's span (UTF-8 or UTF-16), as SigV4 spells hashes.</summary>
internal static class Hex
{
    private static ReadOnlySpan<byte> Digits => "0123456789abcdef"u8;

    public static int Lower(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = Digits[bytes[i] >> 4];
            destination[(2 * i) + 1] = Digits[bytes[i] & 0xF];
        }
        return 2 * bytes.Length;
    }

    public static int Lower(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = (char)Digits[bytes[i] >> 4];
            destination[(2 * i) + 1] = (char)Digits[bytes[i] & 0xF];
        }
        return 2 * bytes.Length;
    }
}
