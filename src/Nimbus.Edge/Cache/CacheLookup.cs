using System.Net.Http.Headers;
using Microsoft.Net.Http.Headers;

namespace Nimbus.Edge.Cache;

/// <summary>The answer of <see cref="HttpResponseCache.Lookup"/>: what to do, and the stored response for a hit or revalidation.</summary>
public readonly struct CacheLookup
{
    internal CacheLookup(CacheLookupKind kind, CachedResponse? entry, DateTimeOffset requestTime)
    {
        Kind = kind;
        Entry = entry;
        RequestTime = requestTime;
    }

    /// <summary>What the proxy does next.</summary>
    public CacheLookupKind Kind { get; }

    /// <summary>The stored response, for <see cref="CacheLookupKind.Hit"/> and <see cref="CacheLookupKind.Revalidate"/>.</summary>
    public CachedResponse? Entry { get; }

    /// <summary>
    /// When the lookup ran: pass it to <see cref="HttpResponseCache.BeginStore"/> and
    /// <see cref="HttpResponseCache.Refresh"/> as the request time of the Age calculation (RFC 9111 4.2.3).
    /// </summary>
    public DateTimeOffset RequestTime { get; }

    /// <summary>
    /// Makes the outgoing request conditional on the stored response's validators (RFC 9111 4.3.1): <c>If-None-Match</c>
    /// from its ETag, <c>If-Modified-Since</c> from its Last-Modified. The client's own conditionals are removed:
    /// the cache answers them itself from the refreshed entry in <see cref="HttpResponseCache.WriteAsync"/>, and a
    /// 304 upstream must be about the stored response only. Does nothing unless <see cref="Kind"/> is Revalidate.
    /// </summary>
    public void AddValidators(HttpRequestMessage outgoing)
    {
        if (Kind != CacheLookupKind.Revalidate || Entry is null)
        {
            return;
        }

        HttpRequestHeaders headers = outgoing.Headers;
        headers.Remove(HeaderNames.IfNoneMatch);
        headers.Remove(HeaderNames.IfModifiedSince);
        if (Entry.ETag is { } etag)
        {
            headers.TryAddWithoutValidation(HeaderNames.IfNoneMatch, etag);
        }

        if (Entry.LastModified is { } lastModified)
        {
            headers.TryAddWithoutValidation(HeaderNames.IfModifiedSince, lastModified);
        }
    }
}
