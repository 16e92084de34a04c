using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>Writes the HTTP/1.1 request head for the instance into the connection's pipe, the way
/// <see cref="HttpForwarder"/> builds its request: raw target, Host kept, hop-by-hop fields (and those Connection names)
/// dropped, X-Forwarded-For/Proto/Host, X-Request-Id and traceparent set by the edge, body framing from the client's.</summary>
internal static class RequestHeadWriter
{
    public static void Write(PipeWriter output, HttpContext context, string requestId, string traceparent, RequestFraming framing, string fallbackHost)
    {
        var request = context.Request;
        var headers = request.Headers;
        var w = new HeadWriter(output);
        w.Write(request.Method);
        w.Write(" "u8);
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            w.Write(raw);
        }
        else
        {
            w.Write(request.Path.ToUriComponent());
            w.Write(request.QueryString.ToUriComponent());
        }
        w.Write(" HTTP/1.1\r\nHost: "u8);
        var host = request.Host.Value;
        w.Write(string.IsNullOrEmpty(host) ? fallbackHost : host);
        w.Write("\r\n"u8);

        var connection = headers.Connection;
        foreach (var header in headers)
        {
            var name = header.Key;
            if (HopByHopHeaders.NotForwarded(name, connection) ||
                // The framing of the body is written below, from what the edge will actually send.
                name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            w.Write(name);
            w.Write(": "u8);
            // One line per field: HTTP/1.1 allows one Cookie line only, and the others mean the same joined.
            WriteValues(ref w, header.Value, name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) ? "; "u8 : ", "u8);
            w.Write("\r\n"u8);
        }

        w.Write("X-Forwarded-For: "u8);
        var forwardedFor = headers["X-Forwarded-For"];
        if (forwardedFor.Count > 0)
        {
            WriteValues(ref w, forwardedFor, ", "u8);
            w.Write(", "u8);
        }
        var client = context.Connection.RemoteIpAddress;
        if (client is null)
        {
            w.Write("unknown"u8);
        }
        else
        {
            w.Write(client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client);
        }
        w.Write(request.IsHttps ? "\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: "u8 : "\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: "u8);
        w.Write(host ?? "");
        w.Write("\r\nX-Request-Id: "u8);
        w.Write(requestId);
        w.Write("\r\ntraceparent: "u8);
        w.Write(traceparent);
        switch (framing)
        {
            case RequestFraming.ContentLength:
                w.Write("\r\nContent-Length: "u8);
                w.Write(request.ContentLength.GetValueOrDefault());
                break;
            case RequestFraming.Chunked:
                w.Write("\r\nTransfer-Encoding: chunked"u8);
                break;
            default:
                if (request.ContentLength == 0)
                {
                    w.Write("\r\nContent-Length: 0"u8);
                }
                break;
        }
        w.Write("\r\n\r\n"u8);
        w.Commit();
    }

    private static void WriteValues(ref HeadWriter w, StringValues values, ReadOnlySpan<byte> separator)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                w.Write(separator);
            }
            w.Write(values[i]);
        }
    }
}
