using System.Buffers;
using System.Text;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>Parses an HTTP/1.x response head (RFC 9112 2-6) from bytes, strictly and within bounds: 64 KiB and 100
/// fields. Never throws for any input; values are visible ASCII, spaces, tabs and obs-text bytes (0x80–0xFF), which pass
/// on as Latin-1 (the edge's Kestrel writes them back byte for byte).</summary>
internal static class ResponseHeadParser
{
    public const int MaxHeadBytes = 64 * 1024;
    public const int MaxHeaders = 100;

    public static ResponseHeadStatus Parse(ReadOnlySpan<byte> input, Span<HeaderRange> headers, out ResponseHead head)
    {
        head = default;
        head.ContentLength = -1;
        var end = input.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            if (input.Length >= MaxHeadBytes)
            {
                return Invalid(ref head, "response head larger than 64 KiB");
            }
            // Garbage is refused at once rather than waited on until the timeout.
            var prefix = "HTTP/1."u8;
            var n = Math.Min(prefix.Length, input.Length);
            return input[..n].SequenceEqual(prefix[..n]) ? ResponseHeadStatus.Incomplete : Invalid(ref head, "not an HTTP/1.x response");
        }
        if (end + 4 > MaxHeadBytes)
        {
            return Invalid(ref head, "response head larger than 64 KiB");
        }
        var lineEnd = input.IndexOf("\r\n"u8);
        if (!ParseStatusLine(input[..lineEnd], ref head))
        {
            return Invalid(ref head, "malformed status line");
        }
        var pos = lineEnd + 2;
        var limit = end + 2;
        var count = 0;
        while (pos < limit)
        {
            var eol = input[pos..limit].IndexOf("\r\n"u8);
            if (count == MaxHeaders || count == headers.Length)
            {
                return Invalid(ref head, "more than 100 header fields");
            }
            if (ParseField(input, pos, eol, ref head, ref headers[count]) is { } error)
            {
                return Invalid(ref head, error);
            }
            count++;
            pos += eol + 2;
        }
        head.HeaderCount = count;
        head.Length = end + 4;
        return ResponseHeadStatus.Complete;
    }

    /// <summary>Whether a Connection field value lists <paramref name="name"/> as a token.</summary>
    public static bool ListsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> name)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(Trim(value[range]), name))
            {
                return true;
            }
        }
        return false;
    }

    private static ResponseHeadStatus Invalid(ref ResponseHead head, string error)
    {
        head.Error = error;
        return ResponseHeadStatus.Invalid;
    }

    private static bool ParseStatusLine(ReadOnlySpan<byte> line, ref ResponseHead head)
    {
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[7] is not ((byte)'0' or (byte)'1') || line[8] != ' ' ||
            line[9] is < (byte)'1' or > (byte)'9' || !IsDigit(line[10]) || !IsDigit(line[11]) || (line.Length > 12 && line[12] != ' '))
        {
            return false;
        }
        foreach (var b in line[12..])
        {
            if ((b < 0x20 && b != '\t') || b == 0x7F)
            {
                return false;
            }
        }
        head.Http10 = line[7] == '0';
        head.Status = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        return true;
    }

    private static string? ParseField(ReadOnlySpan<byte> input, int start, int length, ref ResponseHead head, ref HeaderRange range)
    {
        var line = input.Slice(start, length);
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            // Also a line starting with whitespace (obsolete line folding, RFC 9112 5.2).
            return "header field without a name";
        }
        var name = line[..colon];
        if (name.IndexOfAnyExcept(TokenChars) >= 0)
        {
            return "invalid header field name";
        }
        var raw = line[(colon + 1)..];
        var value = Trim(raw);
        if (value.IndexOfAny(InvalidValueBytes) >= 0)
        {
            return "invalid character in a header field value";
        }
        range.NameStart = start;
        range.NameLength = colon;
        range.ValueStart = value.IsEmpty ? start + colon + 1 : start + colon + 1 + raw.IndexOfAnyExcept((byte)' ', (byte)'\t');
        range.ValueLength = value.Length;
        return Interpret(name, value, ref head);
    }

    /// <summary>The fields that decide how the body is framed and whether the connection stays.</summary>
    private static string? Interpret(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, ref ResponseHead head)
    {
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (value.IsEmpty || value.Length > 18 || value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
            {
                return "invalid Content-Length";
            }
            long length = 0;
            foreach (var b in value)
            {
                length = (length * 10) + (b - '0');
            }
            if (head.ContentLength >= 0 && head.ContentLength != length)
            {
                return "conflicting Content-Length fields";
            }
            head.ContentLength = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            head.HasTransferEncoding = true;
            var last = value.LastIndexOf((byte)',');
            head.Chunked = Ascii.EqualsIgnoreCase(Trim(value[(last + 1)..]), "chunked"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            foreach (var range in value.Split((byte)','))
            {
                var token = Trim(value[range]);
                if (Ascii.EqualsIgnoreCase(token, "close"u8))
                {
                    head.ConnectionClose = true;
                }
                else if (Ascii.EqualsIgnoreCase(token, "keep-alive"u8))
                {
                    head.KeepAlive = true;
                }
                else if (!token.IsEmpty)
                {
                    head.ConnectionListsFields = true;
                }
            }
        }
        return null;
    }

    internal static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value) => value.Trim(" \t"u8);

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>RFC 9110 5.6.2 tchar.</summary>
    internal static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Not allowed in a field value (RFC 9110 5.5: VCHAR, SP, HTAB and obs-text 0x80–0xFF are, the latter passed
    /// on byte for byte as Latin-1): control characters other than HTAB, and DEL.</summary>
    internal static readonly SearchValues<byte> InvalidValueBytes = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 0x7F]);
}
