using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Net.Http.Headers;

namespace Nimbus.Edge.Cache;

/// <summary>
/// The edge's shared HTTP cache (RFC 9111), one per edge process, partitioned by app. Thread-safe; memory is
/// bounded by <see cref="HttpCacheOptions.MaxBytes"/> with least-recently-used eviction. The proxy drives it:
/// <see cref="Lookup"/> before forwarding, <see cref="BeginStore"/> when upstream headers arrive,
/// <see cref="Refresh"/> on an upstream 304, <see cref="WriteAsync"/> to serve, <see cref="Invalidate"/> after
/// unsafe requests. docs/EDGE-CACHE.md states the rules.
/// </summary>
public sealed partial class HttpResponseCache
{
    private readonly HttpCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CacheStore _store;
    private long _hits;
    private long _misses;
    private long _revalidations;
    private long _inFlightBytes;

    /// <summary>Creates an empty cache.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public HttpResponseCache(HttpCacheOptions options, TimeProvider time, ILogger<HttpResponseCache>? logger = null)
    {
        var validation = new HttpCacheOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }

        _options = options;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _store = new CacheStore(options);
    }

    /// <summary>Current counters.</summary>
    public CacheStats Stats => new(
        _store.Count,
        _store.Bytes,
        Volatile.Read(ref _hits),
        Volatile.Read(ref _misses),
        Volatile.Read(ref _revalidations),
        _store.Evictions);

    /// <summary>Decides, before forwarding, whether a request is served from the cache (<paramref name="appKey"/> = app name).</summary>
    public CacheLookup Lookup(string appKey, HttpRequest request)
    {
        var now = _time.GetUtcNow();
        if (!IsGetOrHead(request.Method) || HasUnsupportedConditions(request))
        {
            return new CacheLookup(CacheLookupKind.Bypass, null, now);
        }

        var directives = RequestPolicy.Directives(request);
        if (directives.Has(CacheControlFlags.NoStore))
        {
            return new CacheLookup(CacheLookupKind.Bypass, null, now);
        }

        var entry = _store.Find(appKey, ResourceKey.From(request), request);
        if (entry is not null && !RequestPolicy.MayServe(entry, request))
        {
            entry = null;
        }

        var onlyIfCached = directives.Has(CacheControlFlags.OnlyIfCached);
        if (entry is not null && RequestPolicy.IsUsableWithoutValidation(entry.Head.Freshness, directives, now))
        {
            Interlocked.Increment(ref _hits);
            return new CacheLookup(CacheLookupKind.Hit, entry, now);
        }

        if (entry is not null && !onlyIfCached && entry.Head.HasValidators)
        {
            Interlocked.Increment(ref _revalidations);
            return new CacheLookup(CacheLookupKind.Revalidate, entry, now);
        }

        Interlocked.Increment(ref _misses);
        return new CacheLookup(onlyIfCached ? CacheLookupKind.GatewayTimeout : CacheLookupKind.Miss, null, now);
    }

    /// <summary>
    /// Offers an upstream response (headers just arrived) for storage. Returns null when it must not or cannot be
    /// stored; otherwise a writer the proxy feeds the body to while streaming it, then commits or abandons.
    /// </summary>
    /// <param name="appKey">The app name given to <see cref="Lookup"/>.</param>
    /// <param name="request">The client request the response answers.</param>
    /// <param name="response">The upstream response, read with ResponseHeadersRead.</param>
    /// <param name="requestTime">When the request went upstream (<see cref="CacheLookup.RequestTime"/>); defaults to now.</param>
    public CacheWriter? BeginStore(string appKey, HttpRequest request, HttpResponseMessage response, DateTimeOffset? requestTime = null)
    {
        var now = _time.GetUtcNow();
        var statusCode = (int)response.StatusCode;
        if (!HttpMethods.IsGet(request.Method) || HasUnsupportedConditions(request)
            || RequestPolicy.Directives(request).Has(CacheControlFlags.NoStore)
            || !FreshnessCalculator.IsUnderstood(statusCode))
        {
            return null;
        }

        var directives = CacheControlDirectives.Parse(StoredHeaders.Raw(response, HeaderNames.CacheControl));
        if (!RequestPolicy.MayStore(directives, request, response))
        {
            return null;
        }

        var varyNames = VaryHeader.Parse(StoredHeaders.Raw(response, HeaderNames.Vary));
        if (varyNames is null)
        {
            return null;
        }

        long? contentLength = long.TryParse(
            StoredHeaders.Raw(response, HeaderNames.ContentLength), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;
        if (contentLength > _options.MaxEntryBytes)
        {
            LogTooLarge(_logger, appKey, request.Path.Value, contentLength.Value);
            return null;
        }

        var freshness = FreshnessCalculator.Compute(
            directives,
            statusCode,
            StoredHeaders.Raw(response, HeaderNames.Date),
            StoredHeaders.Raw(response, HeaderNames.Expires),
            StoredHeaders.Raw(response, HeaderNames.LastModified),
            StoredHeaders.Raw(response, HeaderNames.Age),
            requestTime ?? now,
            now,
            _options);
        if (freshness is not { } f)
        {
            return null;
        }

        var hasValidators = StoredHeaders.Has(response, HeaderNames.ETag) || StoredHeaders.Has(response, HeaderNames.LastModified);
        if (f.Lifetime <= TimeSpan.Zero && !hasValidators)
        {
            // Stale on arrival and impossible to revalidate: it could never be served.
            return null;
        }

        var head = new StoredHead(
            appKey,
            ResourceKey.From(request),
            VariantKey.Create(request, varyNames),
            statusCode,
            StoredHeaders.Capture(response, now),
            f);
        // Responses still arriving hold memory the LRU budget does not see yet: bound them too, so many slow clients
        // fetching distinct cacheable URLs cannot pin more than a quarter of the budget (the excess is just not stored;
        // one entry of the largest size always fits).
        var reservation = statusCode is 204 ? 0 : contentLength ?? _options.MaxEntryBytes;
        if (Interlocked.Add(ref _inFlightBytes, reservation) > Math.Max(_options.MaxBytes / 4, _options.MaxEntryBytes))
        {
            Interlocked.Add(ref _inFlightBytes, -reservation);
            return null;
        }
        return new CacheWriter(this, head, statusCode is 204 ? 0 : contentLength, _options.MaxEntryBytes, _store.PurgeEpoch(appKey), reservation);
    }

    /// <summary>A writer finished (stored or not): its reservation of in-flight memory ends.</summary>
    internal void ReleaseInFlight(long bytes) => Interlocked.Add(ref _inFlightBytes, -bytes);

    /// <summary>Bytes reserved by responses being stored right now.</summary>
    internal long InFlightBytes => Volatile.Read(ref _inFlightBytes);

    /// <summary>
    /// Applies an upstream 304 to the entry the lookup revalidated (RFC 9111 4.3.4) and returns the refreshed
    /// entry to pass to <see cref="WriteAsync"/> (with <c>hit: true</c>). Returns null when the 304 cannot be used
    /// for that entry (its ETag names another representation); the proxy then forwards the request again without
    /// validators and treats it as a miss.
    /// </summary>
    public CachedResponse? Refresh(CachedResponse entry, HttpResponseMessage notModified, DateTimeOffset? requestTime = null)
    {
        if (notModified.StatusCode != HttpStatusCode.NotModified)
        {
            return null;
        }

        var etag = StoredHeaders.Raw(notModified, HeaderNames.ETag);
        if (etag is not null && (entry.ETag is null || !EntityTags.WeakEquals(etag, entry.ETag)))
        {
            _store.Remove(entry);
            return null;
        }

        var now = _time.GetUtcNow();
        var stored = entry.Head;
        var headers = StoredHeaders.Merge(stored.Headers, notModified, now);
        var directives = CacheControlDirectives.Parse(StoredHeaders.Find(headers, HeaderNames.CacheControl));
        var freshness = FreshnessCalculator.Compute(
            directives,
            stored.StatusCode,
            StoredHeaders.Find(headers, HeaderNames.Date),
            StoredHeaders.Find(headers, HeaderNames.Expires),
            StoredHeaders.Find(headers, HeaderNames.LastModified),
            StoredHeaders.Raw(notModified, HeaderNames.Age),
            requestTime ?? now,
            now,
            _options) ?? new Freshness(now, TimeSpan.Zero, TimeSpan.Zero, directives);
        var refreshed = new CachedResponse(
            new StoredHead(stored.App, stored.Key, stored.Variant, stored.StatusCode, headers, freshness), entry.Body);

        // The 304 still answers this request even if it now forbids storing; it just is not kept.
        if (directives.Has(CacheControlFlags.NoStore | CacheControlFlags.Private))
        {
            _store.Remove(entry);
        }
        else
        {
            _store.Replace(entry, refreshed);
        }

        Interlocked.Increment(ref _hits);
        return refreshed;
    }

    /// <summary>
    /// Writes a stored response to the client: status, headers, <c>Age</c>, <c>X-Cache</c> and the body (none for
    /// HEAD). Answers the client's own <c>If-None-Match</c>/<c>If-Modified-Since</c> with a 304 when they match.
    /// </summary>
    /// <param name="entry">From a Hit lookup, or from <see cref="Refresh"/>.</param>
    /// <param name="context">The client's context; the response must not have started.</param>
    /// <param name="hit">Sets <c>X-Cache: HIT</c> (true) or <c>MISS</c>.</param>
    public ValueTask WriteAsync(CachedResponse entry, HttpContext context, bool hit) =>
        CachedResponseWriter.WriteAsync(entry, context, hit, _time.GetUtcNow());

    /// <summary>Answers an <c>only-if-cached</c> request that found nothing: 504 with an empty body (RFC 9111 5.2.1.7).</summary>
    public static void WriteGatewayTimeout(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
        context.Response.Headers[CacheHeaders.XCache] = CacheHeaders.Miss;
        context.Response.ContentLength = 0;
    }

    /// <summary>
    /// After an unsafe request (POST, PUT, DELETE, PATCH…) got a 2xx or 3xx, removes the stored responses for its URI
    /// and for the URIs in the response's <c>Location</c> and <c>Content-Location</c> on the same host (RFC 9111 4.4).
    /// </summary>
    /// <returns>Entries removed.</returns>
    public int Invalidate(string appKey, HttpRequest request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsTrace(request.Method) || status is < 200 or >= 400)
        {
            return 0;
        }

        var removed = _store.RemoveResource(appKey, ResourceKey.From(request));
        removed += InvalidateReferenced(appKey, request, StoredHeaders.Raw(response, HeaderNames.Location));
        removed += InvalidateReferenced(appKey, request, StoredHeaders.Raw(response, HeaderNames.ContentLocation));
        return removed;
    }

    /// <summary>Removes one app's entries: all of them (<paramref name="pathPrefix"/> null) or those whose path starts with the prefix.</summary>
    /// <returns>Entries removed.</returns>
    public int Purge(string appKey, string? pathPrefix)
    {
        var removed = _store.Purge(appKey, pathPrefix);
        LogPurged(_logger, appKey, pathPrefix ?? "/", removed);
        return removed;
    }

    /// <summary>Called by <see cref="CacheWriter.Commit"/>.</summary>
    internal bool Store(CachedResponse response, long purgeEpoch)
    {
        var stored = _store.Insert(response, purgeEpoch);
        if (stored)
        {
            LogStored(_logger, response.Head.App, response.Head.Key.Path, response.StatusCode, response.Size);
        }

        return stored;
    }

    private int InvalidateReferenced(string appKey, HttpRequest request, string? location)
    {
        if (string.IsNullOrEmpty(location)
            || !Uri.TryCreate($"{request.Scheme}://{request.Host.Value}{request.Path.Value}", UriKind.Absolute, out var requestUri)
            || !Uri.TryCreate(requestUri, location, out var target)
            || !string.Equals(target.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        var key = new ResourceKey(PathString.FromUriComponent(target).Value ?? "/", QueryString.FromUriComponent(target).Value ?? "");
        return key == ResourceKey.From(request) ? 0 : _store.RemoveResource(appKey, key);
    }

    private static bool IsGetOrHead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    /// <summary>Ranges and preconditions other than If-None-Match/If-Modified-Since go upstream untouched.</summary>
    private static bool HasUnsupportedConditions(HttpRequest request)
    {
        var headers = request.Headers;
        return headers.Range.Count > 0 || headers.IfMatch.Count > 0 || headers.IfUnmodifiedSince.Count > 0 || headers.IfRange.Count > 0;
    }
}
