using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Nimbus.Edge.Cache;

/// <summary>Replays a stored response to a client.</summary>
internal static class CachedResponseWriter
{
    /// <summary>The fields a 304 carries from the stored response (RFC 9110 15.4.5).</summary>
    private static readonly string[] NotModifiedFields =
    [
        HeaderNames.CacheControl, HeaderNames.ContentLocation, HeaderNames.Date, HeaderNames.ETag,
        HeaderNames.Expires, HeaderNames.Vary, HeaderNames.LastModified,
    ];

    public static ValueTask WriteAsync(CachedResponse entry, HttpContext context, bool hit, DateTimeOffset now)
    {
        var request = context.Request;
        var response = context.Response;
        var headers = response.Headers;
        var head = entry.Head;
        var age = head.Freshness.CurrentAge(now);
        headers.Age = ((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        headers[CacheHeaders.XCache] = hit ? CacheHeaders.Hit : CacheHeaders.Miss;
        if (head.StatusCode == StatusCodes.Status200OK && ClientAlreadyHasIt(request, head))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            foreach (var name in NotModifiedFields)
            {
                if (StoredHeaders.Find(head.Headers, name) is { } value)
                {
                    headers[name] = value;
                }
            }

            return ValueTask.CompletedTask;
        }

        response.StatusCode = head.StatusCode;
        foreach (var header in head.Headers)
        {
            headers[header.Key] = header.Value;
        }

        if (head.StatusCode is StatusCodes.Status204NoContent)
        {
            return ValueTask.CompletedTask;
        }

        response.ContentLength = entry.Body.Length;
        if (HttpMethods.IsHead(request.Method) || entry.Body.Length == 0)
        {
            return ValueTask.CompletedTask;
        }

        return entry.Body.WriteToAsync(response.Body, context.RequestAborted);
    }

    /// <summary>
    /// Evaluates the client's <c>If-None-Match</c> (weak comparison), or else its <c>If-Modified-Since</c> against the
    /// stored Last-Modified (RFC 9110 13.2.2); true means a 304 answers it.
    /// </summary>
    private static bool ClientAlreadyHasIt(HttpRequest request, StoredHead head)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            foreach (var value in ifNoneMatch)
            {
                if (value is not null && EntityTags.AnyMatches(value, head.ETag))
                {
                    return true;
                }
            }

            return false;
        }

        StringValues ifModifiedSince = request.Headers.IfModifiedSince;
        return ifModifiedSince.Count == 1
            && head.LastModifiedDate is { } lastModified
            && FreshnessCalculator.TryParseDate(ifModifiedSince[0]) is { } since
            && lastModified <= since;
    }
}
