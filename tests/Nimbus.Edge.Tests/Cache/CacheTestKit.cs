using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Nimbus.Edge.Cache;

namespace Nimbus.Edge.Tests.Cache;

/// <summary>Builds requests and upstream responses, and drives the cache the way the proxy will.</summary>
internal static class CacheTestKit
{
    public const string App = "hello";

    public static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static string HttpDate(DateTimeOffset value) => HeaderUtilities.FormatDate(value);

    public static HttpResponseCache NewCache(ManualTimeProvider time, HttpCacheOptions? options = null) =>
        new(options ?? new HttpCacheOptions(), time);

    /// <summary>A client request; headers as "Name: value" strings.</summary>
    public static HttpContext Request(string method, string pathAndQuery, params string[] headers)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = method;
        request.Scheme = "http";
        request.Host = new HostString("hello.localhost:8080");
        var question = pathAndQuery.IndexOf('?');
        request.Path = question < 0 ? pathAndQuery : pathAndQuery[..question];
        request.QueryString = question < 0 ? QueryString.Empty : new QueryString(pathAndQuery[question..]);
        foreach (var header in headers)
        {
            var colon = header.IndexOf(':');
            request.Headers.Append(header[..colon], header[(colon + 1)..].Trim());
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    public static HttpContext Get(string pathAndQuery, params string[] headers) => Request("GET", pathAndQuery, headers);

    /// <summary>An upstream response with a Content-Length (unless <paramref name="chunked"/>); headers as "Name: value".</summary>
    public static HttpResponseMessage Upstream(int status, string body, params string[] headers) => Upstream(status, body, false, headers);

    public static HttpResponseMessage Upstream(int status, string body, bool chunked, params string[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(bytes) };
        if (!chunked)
        {
            response.Content.Headers.TryAddWithoutValidation(HeaderNames.ContentLength, bytes.Length.ToString());
        }

        foreach (var header in headers)
        {
            var colon = header.IndexOf(':');
            var name = header[..colon];
            var value = header[(colon + 1)..].Trim();
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    /// <summary>Offers a response for storage and streams its whole body through the writer; true if stored.</summary>
    public static bool Store(HttpResponseCache cache, HttpContext context, HttpResponseMessage response, string app = App)
    {
        using var writer = cache.BeginStore(app, context.Request, response);
        if (writer is null)
        {
            return false;
        }

        using var stream = new MemoryStream();
        response.Content.ReadAsStream().CopyTo(stream);
        foreach (var chunk in stream.ToArray().Chunk(7))
        {
            writer.Write(chunk);
        }

        return writer.Commit();
    }

    /// <summary>Looks the request up and, on a hit, writes the stored response into the context.</summary>
    public static async Task<CacheLookup> ServeAsync(HttpResponseCache cache, HttpContext context, string app = App)
    {
        var lookup = cache.Lookup(app, context.Request);
        if (lookup.Kind == CacheLookupKind.Hit)
        {
            await cache.WriteAsync(lookup.Entry!, context, hit: true).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        return lookup;
    }

    public static string Body(HttpContext context) =>
        Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    public static string Header(HttpContext context, string name) => context.Response.Headers[name].ToString();
}
