using System.Text;
using Nimbus.Edge.Proxy.Upstream;

namespace Nimbus.Edge.Proxy.Front;

/// <summary>The heads the front writes, byte for byte from the ones it received — the same rules as
/// <see cref="RequestHeadWriter"/> and <see cref="ResponseHeadReader"/> on the Kestrel path: hop-by-hop fields (and
/// those Connection names) dropped, X-Forwarded-For/Proto/Host, X-Request-Id and traceparent set by the edge, every other field line
/// passed on as it came.</summary>
internal static class FrontHeads
{
    /// <summary>Room the edge's own fields need beyond the received head (forwarded-for address, ids, framing).</summary>
    public const int Extra = 640;

    /// <summary>The request head for the instance. <paramref name="output"/> holds at least head length + host + Extra.</summary>
    public static int WriteRequest(Span<byte> output, ReadOnlySpan<byte> input, in FrontRequest request, ReadOnlySpan<HeaderRange> ranges,
        ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> traceparent, ReadOnlySpan<byte> client)
    {
        var w = new SpanWriter(output);
        var host = input.Slice(request.HostStart, request.HostLength);
        w.Write(input[..(request.TargetStart + request.TargetLength)]);
        w.Write(" HTTP/1.1\r\nHost: "u8);
        w.Write(host);
        w.Write("\r\nX-Forwarded-For: "u8);
        for (var i = 0; i < request.HeaderCount; i++)
        {
            ref readonly var range = ref ranges[i];
            if (Ascii.EqualsIgnoreCase(input.Slice(range.NameStart, range.NameLength), "X-Forwarded-For"u8) && range.ValueLength > 0)
            {
                w.Write(input.Slice(range.ValueStart, range.ValueLength));
                w.Write(", "u8);
            }
        }
        w.Write(client);
        w.Write("\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: "u8);
        w.Write(host);
        w.Write("\r\nX-Request-Id: "u8);
        w.Write(requestId);
        w.Write("\r\ntraceparent: "u8);
        w.Write(traceparent);
        if (request.ContentLength >= 0)
        {
            w.Write("\r\nContent-Length: "u8);
            w.Write(request.ContentLength);
        }
        else if (request.Chunked)
        {
            w.Write("\r\nTransfer-Encoding: chunked"u8);
        }
        w.Write("\r\n"u8);
        for (var i = 0; i < request.HeaderCount; i++)
        {
            ref readonly var range = ref ranges[i];
            var name = input.Slice(range.NameStart, range.NameLength);
            if (KnownHeaders.Find(name) is { HopByHop: true } || Ascii.EqualsIgnoreCase(name, "Content-Length"u8) || Ascii.EqualsIgnoreCase(name, "Cookie"u8) ||
                Ascii.EqualsIgnoreCase(name, "X-Request-Id"u8) || Ascii.EqualsIgnoreCase(name, "traceparent"u8) ||
                (name.Length > 12 && Ascii.EqualsIgnoreCase(name[..12], "X-Forwarded-"u8)) ||
                (request.ConnectionListsFields && ResponseHeadReader.NamedByConnection(input, ranges, request.HeaderCount, name)))
            {
                continue;
            }
            WriteLine(ref w, input, range);
        }
        // One Cookie line (RFC 6265 5.4: a client sends one; several mean the same joined with "; ").
        var cookies = 0;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            ref readonly var range = ref ranges[i];
            if (Ascii.EqualsIgnoreCase(input.Slice(range.NameStart, range.NameLength), "Cookie"u8))
            {
                w.Write(cookies++ == 0 ? "Cookie: "u8 : "; "u8);
                w.Write(input.Slice(range.ValueStart, range.ValueLength));
            }
        }
        w.Write(cookies > 0 ? "\r\n\r\n"u8 : "\r\n"u8);
        return w.Length;
    }

    /// <summary>The response head for the client. <paramref name="output"/> holds at least head length + Extra.</summary>
    public static int WriteResponse(Span<byte> output, ReadOnlySpan<byte> input, in ResponseHead head, ReadOnlySpan<HeaderRange> ranges,
        ResponseFraming framing, ReadOnlySpan<byte> requestId, bool close)
    {
        var w = new SpanWriter(output);
        w.Write("HTTP/1.1 "u8);
        var statusLine = input[9..input.IndexOf("\r\n"u8)];
        w.Write(statusLine);
        // status-line = HTTP-version SP status-code SP [ reason-phrase ]: the second space even without a reason.
        w.Write(statusLine.Length == 3 ? " \r\n"u8 : "\r\n"u8);
        for (var i = 0; i < head.HeaderCount; i++)
        {
            ref readonly var range = ref ranges[i];
            var name = input.Slice(range.NameStart, range.NameLength);
            var known = KnownHeaders.Find(name);
            var contentLength = ReferenceEquals(known?.Name, "Content-Length");
            // Transfer-Encoding passes on as it came when the body does (chunked bytes are forwarded as they are).
            if ((known is { HopByHop: true } && !(framing == ResponseFraming.Chunked && ReferenceEquals(known.Name, "Transfer-Encoding"))) ||
                (contentLength && (head.Status == 204 || head.HasTransferEncoding)) || ReferenceEquals(known?.Name, RequestIds.Header) ||
                (head.ConnectionListsFields && ResponseHeadReader.NamedByConnection(input, ranges, head.HeaderCount, name)))
            {
                continue;
            }
            WriteLine(ref w, input, range);
        }
        w.Write("X-Request-Id: "u8);
        w.Write(requestId);
        w.Write(close ? "\r\nConnection: close\r\n\r\n"u8 : "\r\n\r\n"u8);
        return w.Length;
    }

    /// <summary>One of the edge's own answers (plain text, dated, never cached by anyone), with optional extra field lines.</summary>
    public static int WriteAnswer(Span<byte> output, int status, ReadOnlySpan<char> reason, ReadOnlySpan<char> extraFields, ReadOnlySpan<char> text, bool close,
        bool isHead)
    {
        var w = new SpanWriter(output);
        w.Write("HTTP/1.1 "u8);
        w.Write(status);
        w.Write(" "u8);
        w.Write(reason);
        w.Write("\r\nDate: "u8);
        w.Write(DateTimeOffset.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture));
        w.Write("\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\nContent-Length: "u8);
        w.Write(Encoding.UTF8.GetByteCount(text));
        w.Write("\r\n"u8);
        w.Write(extraFields);
        w.Write(close ? "Connection: close\r\n\r\n"u8 : "\r\n"u8);
        if (!isHead)
        {
            w.Write(text);
        }
        return w.Length;
    }

    private static void WriteLine(ref SpanWriter w, ReadOnlySpan<byte> input, in HeaderRange range)
    {
        var end = range.ValueLength > 0 ? range.ValueStart + range.ValueLength : range.NameStart + range.NameLength + 1;
        w.Write(input[range.NameStart..end]);
        w.Write("\r\n"u8);
    }
}
