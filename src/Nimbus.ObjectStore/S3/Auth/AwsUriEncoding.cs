using System.Text;

namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>
/// SigV4's URI encoding: every byte but the unreserved A-Z a-z 0-9 - . _ ~ as %XY (upper-case hex). Input is the
/// text as sent on the wire: %XY escapes are decoded first, so what the client encoded once is encoded once
/// (S3 neither double-encodes nor normalises).
/// </summary>
internal static class AwsUriEncoding
{
    /// <summary>Appends <paramref name="raw"/> (a path segment, query name or value) decoded then canonically encoded.</summary>
    public static void AppendCanonical(StringBuilder sb, ReadOnlySpan<char> raw)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%' && i + 2 < raw.Length && IsHex(raw[i + 1]) && IsHex(raw[i + 2]))
            {
                AppendByte(sb, (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2])));
                i += 2;
            }
            else if (c < 0x80)
            {
                AppendByte(sb, (byte)c);
            }
            else
            {
                // Non-ASCII text in the raw target (some clients send UTF-8 unescaped): encode its UTF-8 bytes.
                // A lone surrogate decodes as U+FFFD, consuming one char.
                Rune.DecodeFromUtf16(raw[i..], out var rune, out var consumed);
                var n = rune.EncodeToUtf8(utf8);
                for (var k = 0; k < n; k++)
                {
                    AppendByte(sb, utf8[k]);
                }
                i += consumed - 1;
            }
        }
    }

    private static void AppendByte(StringBuilder sb, byte b)
    {
        if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
        {
            sb.Append((char)b);
            return;
        }
        sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
