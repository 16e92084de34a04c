using System.Text;
using Nimbus.Edge.Proxy.Upstream;

namespace Nimbus.Edge.Proxy.Front;

/// <summary>Reads a client's HTTP/1.1 request head for the front's plain path. Deliberately narrow: a request line of a
/// token method, an origin-form target of visible ASCII and exactly <c>HTTP/1.1</c>; strict field lines; one valid Host;
/// at most one Content-Length or one <c>Transfer-Encoding: chunked</c>, not both; no Upgrade; no Expect but
/// <c>100-continue</c>. Anything else — malformed or merely unusual — is
/// <see cref="FrontParse.Other"/> and goes to Kestrel, whose full HTTP/1.x implementation answers it (errors included).
/// Never throws for any input.</summary>
internal static class FrontRequestParser
{
    public const int MaxHeaders = 100;
    private const int MaxMethodLength = 16;
    private const int MaxHostLength = 255;

    public static FrontParse Parse(ReadOnlySpan<byte> input, Span<HeaderRange> headers, out FrontRequest request)
    {
        request = default;
        request.ContentLength = -1;
        request.RequestIdStart = -1;
        request.TraceparentStart = -1;
        var end = input.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return FrontParse.Incomplete;
        }
        var lineEnd = input.IndexOf("\r\n"u8);
        if (!ParseRequestLine(input[..lineEnd], ref request))
        {
            return FrontParse.Other;
        }
        var pos = lineEnd + 2;
        var limit = end + 2;
        var count = 0;
        var hosts = 0;
        while (pos < limit)
        {
            var eol = input[pos..limit].IndexOf("\r\n"u8);
            if (count == MaxHeaders || count == headers.Length || !ParseField(input, pos, eol, ref request, ref headers[count], ref hosts))
            {
                return FrontParse.Other;
            }
            count++;
            pos += eol + 2;
        }
        if (hosts != 1 || (request.Chunked && request.ContentLength >= 0))
        {
            return FrontParse.Other;
        }
        request.HeaderCount = count;
        request.Length = end + 4;
        return FrontParse.Plain;
    }

    /// <summary>RFC 9110 9.2.2: repeating these has the same effect as sending them once.</summary>
    public static bool IsIdempotent(ReadOnlySpan<byte> method) =>
        method.SequenceEqual("GET"u8) || method.SequenceEqual("HEAD"u8) || method.SequenceEqual("PUT"u8) ||
        method.SequenceEqual("DELETE"u8) || method.SequenceEqual("OPTIONS"u8) || method.SequenceEqual("TRACE"u8);

    private static bool ParseRequestLine(ReadOnlySpan<byte> line, ref FrontRequest request)
    {
        var space = line.IndexOf((byte)' ');
        if (space is <= 0 or > MaxMethodLength || !IsToken(line[..space]) || line[..space].SequenceEqual("CONNECT"u8))
        {
            return false;
        }
        var rest = line[(space + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second <= 0 || rest[0] != '/' || !rest[(second + 1)..].SequenceEqual("HTTP/1.1"u8) ||
            rest[..second].IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
        {
            return false;
        }
        request.MethodLength = space;
        request.TargetStart = space + 1;
        request.TargetLength = second;
        return true;
    }

    private static bool ParseField(ReadOnlySpan<byte> input, int start, int length, ref FrontRequest request, ref HeaderRange range, ref int hosts)
    {
        var line = input.Slice(start, length);
        var colon = line.IndexOf((byte)':');
        // Also refuses a line starting with whitespace (obsolete line folding, RFC 9112 5.2).
        if (colon <= 0 || !IsToken(line[..colon]))
        {
            return false;
        }
        var raw = line[(colon + 1)..];
        var value = ResponseHeadParser.Trim(raw);
        if (value.IndexOfAny(ResponseHeadParser.InvalidValueBytes) >= 0)
        {
            return false;
        }
        range.NameStart = start;
        range.NameLength = colon;
        range.ValueStart = value.IsEmpty ? start + colon + 1 : start + colon + 1 + raw.IndexOfAnyExcept((byte)' ', (byte)'\t');
        range.ValueLength = value.Length;
        return Interpret(line[..colon], value, ref request, range, ref hosts);
    }

    /// <summary>The fields that decide routing, framing and whether the plain path may take the request.</summary>
    private static bool Interpret(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, ref FrontRequest request, in HeaderRange range, ref int hosts)
    {
        switch (name.Length)
        {
            case 4 when Ascii.EqualsIgnoreCase(name, "Host"u8):
                if (value.IsEmpty || value.Length > MaxHostLength || !IsValidHost(value))
                {
                    return false;
                }
                hosts++;
                request.HostStart = range.ValueStart;
                request.HostLength = range.ValueLength;
                return true;
            case 14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8):
                if (request.ContentLength >= 0 || value.IsEmpty || value.Length > 18 || value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
                {
                    return false;
                }
                request.ContentLength = long.Parse(value, provider: System.Globalization.CultureInfo.InvariantCulture);
                return true;
            case 17 when Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8):
                // Exactly one "chunked" and no Content-Length (checked at the end); any other coding goes to Kestrel.
                if (request.Chunked || !Ascii.EqualsIgnoreCase(value, "chunked"u8))
                {
                    return false;
                }
                request.Chunked = true;
                return true;
            case 6 when Ascii.EqualsIgnoreCase(name, "Expect"u8):
                // 100-continue (what curl sends with a large upload) the front answers itself when it reads the body.
                if (request.ExpectContinue || !Ascii.EqualsIgnoreCase(value, "100-continue"u8))
                {
                    return false;
                }
                request.ExpectContinue = true;
                return true;
            case 7 when Ascii.EqualsIgnoreCase(name, "Upgrade"u8):
                return false;
            case 10 when Ascii.EqualsIgnoreCase(name, "Connection"u8):
                foreach (var part in value.Split((byte)','))
                {
                    var token = ResponseHeadParser.Trim(value[part]);
                    if (Ascii.EqualsIgnoreCase(token, "close"u8))
                    {
                        request.Close = true;
                    }
                    else if (Ascii.EqualsIgnoreCase(token, "upgrade"u8))
                    {
                        return false;
                    }
                    else if (!token.IsEmpty && !Ascii.EqualsIgnoreCase(token, "keep-alive"u8))
                    {
                        request.ConnectionListsFields = true;
                    }
                }
                return true;
            case 11 when Ascii.EqualsIgnoreCase(name, "traceparent"u8):
                request.TraceparentStart = request.TraceparentStart == -1 ? range.ValueStart : -2;
                request.TraceparentLength = value.Length;
                return true;
            case 12 when Ascii.EqualsIgnoreCase(name, "X-Request-Id"u8):
                // One sane id is kept (as the Kestrel path does); a repeated or odd one is replaced.
                request.RequestIdStart = request.RequestIdStart == -1 && value.Length is > 0 and <= RequestIds.MaxLength &&
                    value.IndexOfAnyExceptInRange((byte)'!', (byte)'~') < 0 ? range.ValueStart : -2;
                request.RequestIdLength = value.Length;
                return true;
            default:
                return true;
        }
    }

    /// <summary>RFC 3986 reg-name characters (unreserved, pct-encoded, sub-delims).</summary>
    private static readonly System.Buffers.SearchValues<byte> RegNameChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%!$&'()*+,;="u8);

    private static readonly System.Buffers.SearchValues<byte> IpLiteralChars = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF:."u8);

    /// <summary>Host = uri-host [ ":" port ] (RFC 9110 7.2): a reg-name or a bracketed IP literal, and digits after the
    /// colon. Anything else goes to Kestrel, which answers 400.</summary>
    private static bool IsValidHost(ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> host;
        ReadOnlySpan<byte> port;
        if (value[0] == '[')
        {
            var close = value.IndexOf((byte)']');
            if (close < 2 || value[1..close].IndexOfAnyExcept(IpLiteralChars) >= 0)
            {
                return false;
            }
            host = value[..(close + 1)];
            port = value[(close + 1)..];
            if (!port.IsEmpty && port[0] != ':')
            {
                return false;
            }
            port = port.IsEmpty ? port : port[1..];
        }
        else
        {
            var colon = value.LastIndexOf((byte)':');
            host = colon < 0 ? value : value[..colon];
            port = colon < 0 ? default : value[(colon + 1)..];
            if (host.IsEmpty || host.IndexOfAnyExcept(RegNameChars) >= 0)
            {
                return false;
            }
        }
        return port.Length <= 5 && port.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }

    private static bool IsToken(ReadOnlySpan<byte> text) => text.IndexOfAnyExcept(ResponseHeadParser.TokenChars) < 0;
}
