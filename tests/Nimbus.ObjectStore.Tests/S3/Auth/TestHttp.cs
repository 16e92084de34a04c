using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Nimbus.ObjectStore.S3.Auth;

namespace Nimbus.ObjectStore.Tests.S3.Auth;

/// <summary>Builds ASP.NET Core requests from raw HTTP text, the way Kestrel would present them (raw target kept).</summary>
internal static class TestHttp
{
    public static HttpRequest Parse(string raw) => ParseRaw(raw).ToHttpRequest();

    public static RawRequest ParseRaw(string raw)
    {
        var headerEnd = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? raw : raw[..headerEnd];
        var body = headerEnd < 0 ? "" : raw[(headerEnd + 2)..];
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var firstSpace = requestLine.IndexOf(' ');
        var lastSpace = requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal);
        var method = requestLine[..firstSpace];
        var target = requestLine[(firstSpace + 1)..lastSpace];

        var headers = new List<(string Name, string Value)>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                // obs-fold: the continuation joins the previous value after a space (RFC 9112 5.2).
                var (n, v) = headers[^1];
                headers[^1] = (n, v + " " + line);
                continue;
            }
            var colon = line.IndexOf(':');
            headers.Add((line[..colon], line[(colon + 1)..].Trim()));
        }
        return new RawRequest(method, target, headers, Encoding.UTF8.GetBytes(body));
    }

    public static HttpRequest Create(string method, string rawTarget, IEnumerable<(string Name, string Value)> headers, byte[]? body = null)
    {
        var context = new DefaultHttpContext();
        var feature = context.Features.Get<IHttpRequestFeature>()!;
        feature.Method = method;
        feature.RawTarget = rawTarget;
        var q = rawTarget.IndexOf('?');
        feature.Path = q < 0 ? rawTarget : rawTarget[..q];
        feature.QueryString = q < 0 ? "" : rawTarget[q..];
        foreach (var (name, value) in headers)
        {
            var existing = context.Request.Headers[name];
            context.Request.Headers[name] = existing.Count == 0 ? value : Microsoft.Extensions.Primitives.StringValues.Concat(existing, value);
        }
        context.Request.Body = new MemoryStream(body ?? []);
        return context.Request;
    }
}
