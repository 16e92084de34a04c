using Nimbus.Edge.Cache;
using static Nimbus.Edge.Tests.Cache.CacheTestKit;

namespace Nimbus.Edge.Tests.Cache;

public sealed class RevalidationTests
{
    private readonly ManualTimeProvider _time = new(Start);

    [Fact]
    public async Task Revalidate_StaleWithETag_SendsIfNoneMatchAndServesStoredBodyOn304()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "body-v1", "Cache-Control: max-age=10", "ETag: \"v1\"", "X-Version: old")));
        _time.Advance(TimeSpan.FromSeconds(20));

        var context = Get("/a", "If-None-Match: \"client-tag\"");
        var lookup = cache.Lookup(App, context.Request);
        using var outgoing = new HttpRequestMessage(HttpMethod.Get, "http://instance/a");
        outgoing.Headers.TryAddWithoutValidation("If-None-Match", "\"client-tag\"");
        lookup.AddValidators(outgoing);

        Assert.Equal(CacheLookupKind.Revalidate, lookup.Kind);
        Assert.Equal("\"v1\"", string.Join(",", outgoing.Headers.GetValues("If-None-Match")));
        Assert.False(outgoing.Headers.Contains("If-Modified-Since"));

        var refreshed = cache.Refresh(lookup.Entry!, Upstream(304, "", true, "Cache-Control: max-age=100", "ETag: \"v1\"", "X-Version: new"), lookup.RequestTime);
        Assert.NotNull(refreshed);
        await cache.WriteAsync(refreshed, context, hit: true);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("body-v1", Body(context));
        Assert.Equal("new", Header(context, "X-Version"));
        Assert.Equal("HIT", Header(context, "X-Cache"));
        Assert.Equal("0", Header(context, "Age"));

        // The refreshed headers now give 100 s of freshness from the 304's arrival.
        _time.Advance(TimeSpan.FromSeconds(90));
        var later = Get("/a");
        Assert.Equal(CacheLookupKind.Hit, (await ServeAsync(cache, later)).Kind);
        Assert.Equal("new", Header(later, "X-Version"));
    }

    [Fact]
    public void Revalidate_StaleWithLastModified_SendsIfModifiedSince()
    {
        var cache = NewCache(_time);
        var lastModified = HttpDate(Start.AddDays(-1));
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=10", $"Last-Modified: {lastModified}")));
        _time.Advance(TimeSpan.FromSeconds(20));

        var lookup = cache.Lookup(App, Get("/a").Request);
        using var outgoing = new HttpRequestMessage(HttpMethod.Get, "http://instance/a");
        lookup.AddValidators(outgoing);

        Assert.Equal(CacheLookupKind.Revalidate, lookup.Kind);
        Assert.Equal(lastModified, string.Join(",", outgoing.Headers.GetValues("If-Modified-Since")));
        Assert.False(outgoing.Headers.Contains("If-None-Match"));
        Assert.NotNull(cache.Refresh(lookup.Entry!, Upstream(304, "", true, "Cache-Control: max-age=10")));
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a").Request).Kind);
    }

    [Theory]
    [InlineData("Cache-Control: no-cache")]
    [InlineData("Cache-Control: max-age=0")]
    [InlineData("Pragma: no-cache")]
    public void Lookup_ClientAsksForRevalidation_RevalidatesFreshEntry(string header)
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=60", "ETag: \"v1\"")));

        Assert.Equal(CacheLookupKind.Revalidate, cache.Lookup(App, Get("/a", header).Request).Kind);
    }

    [Fact]
    public void Lookup_ClientAsksForRevalidationWithoutValidators_Misses()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=60")));

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a", "Cache-Control: no-cache").Request).Kind);
    }

    [Fact]
    public void Lookup_ResponseNoCache_RevalidatesEveryTime()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: no-cache", "ETag: \"v1\"")));

        Assert.Equal(CacheLookupKind.Revalidate, cache.Lookup(App, Get("/a").Request).Kind);
        Assert.Equal(CacheLookupKind.GatewayTimeout, cache.Lookup(App, Get("/a", "Cache-Control: only-if-cached").Request).Kind);
    }

    [Fact]
    public void Revalidate_UpstreamSendsNewContent_NewResponseReplacesTheOld()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "v1", "Cache-Control: max-age=10", "ETag: \"v1\"")));
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(CacheLookupKind.Revalidate, cache.Lookup(App, Get("/a").Request).Kind);

        Assert.True(Store(cache, Get("/a"), Upstream(200, "v2", "Cache-Control: max-age=10", "ETag: \"v2\"")));

        var lookup = cache.Lookup(App, Get("/a").Request);
        Assert.Equal(CacheLookupKind.Hit, lookup.Kind);
        Assert.Equal("\"v2\"", lookup.Entry!.ETag);
        Assert.Equal(1, cache.Stats.Entries);
    }

    [Fact]
    public void Refresh_304ForAnotherETag_ReturnsNullAndDropsTheEntry()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=10", "ETag: \"v1\"")));
        _time.Advance(TimeSpan.FromSeconds(20));
        var lookup = cache.Lookup(App, Get("/a").Request);

        Assert.Null(cache.Refresh(lookup.Entry!, Upstream(304, "", true, "ETag: \"v9\"")));
        Assert.Equal(0, cache.Stats.Entries);
    }

    [Fact]
    public async Task WriteAsync_ClientIfNoneMatchOnFreshHit_Answers304WithoutBody()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=60", "ETag: W/\"v1\"", "Content-Type: text/plain")));

        var context = Get("/a", "If-None-Match: \"v0\", \"v1\"");
        var lookup = await ServeAsync(cache, context);

        Assert.Equal(CacheLookupKind.Hit, lookup.Kind);
        Assert.Equal(304, context.Response.StatusCode);
        Assert.Equal("", Body(context));
        Assert.Equal("W/\"v1\"", Header(context, "ETag"));
        Assert.Equal("HIT", Header(context, "X-Cache"));

        var other = Get("/a", "If-None-Match: \"v2\"");
        await ServeAsync(cache, other);
        Assert.Equal(200, other.Response.StatusCode);
        Assert.Equal("x", Body(other));
    }

    [Fact]
    public async Task WriteAsync_ClientIfModifiedSince_Answers304WhenNotModifiedSince()
    {
        var cache = NewCache(_time);
        var modified = Start.AddDays(-2);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=60", $"Last-Modified: {HttpDate(modified)}")));

        var notModified = Get("/a", $"If-Modified-Since: {HttpDate(modified.AddHours(1))}");
        await ServeAsync(cache, notModified);
        var modifiedSince = Get("/a", $"If-Modified-Since: {HttpDate(modified.AddHours(-1))}");
        await ServeAsync(cache, modifiedSince);

        Assert.Equal(304, notModified.Response.StatusCode);
        Assert.Equal(200, modifiedSince.Response.StatusCode);
        Assert.Equal("x", Body(modifiedSince));
    }

    [Fact]
    public async Task WriteAsync_HeadRequest_ServedFromStoredGetWithoutBody()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "0123456789", "Cache-Control: max-age=60")));

        var head = Request("HEAD", "/a");
        var lookup = await ServeAsync(cache, head);

        Assert.Equal(CacheLookupKind.Hit, lookup.Kind);
        Assert.Equal(200, head.Response.StatusCode);
        Assert.Equal(10, head.Response.ContentLength);
        Assert.Equal("", Body(head));
    }

    [Fact]
    public void Stats_CountHitsMissesAndRevalidations()
    {
        var cache = NewCache(_time);
        cache.Lookup(App, Get("/a").Request);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=10", "ETag: \"v1\"")));
        cache.Lookup(App, Get("/a").Request);
        _time.Advance(TimeSpan.FromSeconds(20));
        cache.Lookup(App, Get("/a").Request);

        var stats = cache.Stats;
        Assert.Equal((1L, 1L, 1L), (stats.Hits, stats.Misses, stats.Revalidations));
    }
}
