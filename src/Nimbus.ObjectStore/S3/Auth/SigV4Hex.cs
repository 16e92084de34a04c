namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>Lower-case hex without allocation, for strings to sign built as UTF-8.</summary>
internal static class SigV4Hex
{
    /// <summary>hex(sha256("")): the payload hash of an empty body and part of every chunk's string to sign.</summary>
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static void WriteLower(ReadOnlySpan<byte> bytes, Span<byte> utf8)
    {
        ReadOnlySpan<byte> digits = "0123456789abcdef"u8;
        for (var i = 0; i < bytes.Length; i++)
        {
            utf8[2 * i] = digits[bytes[i] >> 4];
            utf8[(2 * i) + 1] = digits[bytes[i] & 0xF];
        }
    }

    /// <summary>Parses exactly <c>2 * destination.Length</c> hex digits (either case).</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        if (hex.Length != 2 * destination.Length)
        {
            return false;
        }
        for (var i = 0; i < destination.Length; i++)
        {
            var hi = Nibble(hex[2 * i]);
            var lo = Nibble(hex[(2 * i) + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }
            destination[i] = (byte)((hi << 4) | lo);
        }
        return true;
    }

    /// <summary>UTF-8 variant of <see cref="TryParse(ReadOnlySpan{char}, Span{byte})"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        if (hex.Length != 2 * destination.Length)
        {
            return false;
        }
        for (var i = 0; i < destination.Length; i++)
        {
            var hi = Nibble((char)hex[2 * i]);
            var lo = Nibble((char)hex[(2 * i) + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }
            destination[i] = (byte)((hi << 4) | lo);
        }
        return true;
    }

    private static int Nibble(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
