using System.Text;

namespace Nimbus.Bench.S3Load.Raw;

/// <summary>SigV4's URI encoding: every byte of the UTF-8 but A–Z a–z 0–9 - _ . ~ as %XX (uppercase), '/' kept in
/// paths. The raw client sends the encoded text as is, so what it signs is what the server sees.</summary>
internal static class UriEncoding
{
    public static string Encode(string value, bool keepSlash)
    {
        if (!NeedsEncoding(value, keepSlash))
        {
            return value;   // the bench's keys and prefixes: no copy
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b) || (keepSlash && b == '/'))
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }
        return text.ToString();
    }

    private static bool NeedsEncoding(string value, bool keepSlash)
    {
        foreach (var c in value)
        {
            if (c > 0x7F || !(IsUnreserved((byte)c) || (keepSlash && c == '/')))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
}
