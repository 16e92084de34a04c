using Nimbus.Edge.Cache;
using static Nimbus.Edge.Tests.Cache.CacheTestKit;

namespace Nimbus.Edge.Tests.Cache;

public sealed class FreshnessTests
{
    private readonly ManualTimeProvider _time = new(Start);

    [Fact]
    public async Task Lookup_WithinMaxAge_ServesHitWithBodyAndHeaders()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "hello", "Cache-Control: max-age=60", "Content-Type: text/plain", $"Date: {HttpDate(Start)}")));

        _time.Advance(TimeSpan.FromSeconds(59));
        var context = Get("/a");
        var lookup = await ServeAsync(cache, context);

        Assert.Equal(CacheLookupKind.Hit, lookup.Kind);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("hello", Body(context));
        Assert.Equal("text/plain", Header(context, "Content-Type"));
        Assert.Equal(5, context.Response.ContentLength);
        Assert.Equal("HIT", Header(context, "X-Cache"));
        Assert.Equal("59", Header(context, "Age"));
    }

    [Fact]
    public void Lookup_PastMaxAgeWithoutValidators_Misses()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "hello", "Cache-Control: max-age=60")));

        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a").Request).Kind);
    }

    [Fact]
    public void Lookup_SMaxAgeAndMaxAge_SharedMaxAgeWins()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=10, s-maxage=100")));

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a").Request).Kind);

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a").Request).Kind);
    }

    [Fact]
    public void Lookup_Expires_IsRelativeToDateNotToTheLocalClock()
    {
        // Upstream's clock is an hour ahead: Expires - Date = 30 s of freshness, though Expires is an hour away locally.
        var cache = NewCache(_time);
        var upstreamNow = Start + TimeSpan.FromHours(1);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", $"Date: {HttpDate(upstreamNow)}", $"Expires: {HttpDate(upstreamNow.AddSeconds(30))}")));

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a").Request).Kind);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a").Request).Kind);
    }

    [Fact]
    public void BeginStore_InvalidExpiresWithoutValidators_StoresNothing()
    {
        var cache = NewCache(_time);

        Assert.False(Store(cache, Get("/a"), Upstream(200, "x", "Expires: 0")));
    }

    [Fact]
    public void Lookup_LastModifiedOnly_IsFreshForTenPercentOfItsAge()
    {
        // Modified 100 minutes before Date: heuristic lifetime 10 minutes.
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", $"Date: {HttpDate(Start)}", $"Last-Modified: {HttpDate(Start.AddMinutes(-100))}")));

        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a").Request).Kind);

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(CacheLookupKind.Revalidate, cache.Lookup(App, Get("/a").Request).Kind);
    }

    [Fact]
    public void Lookup_HeuristicFreshness_IsCappedAtTheConfiguredMaximum()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", $"Date: {HttpDate(Start)}", $"Last-Modified: {HttpDate(Start.AddDays(-365))}")));

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a").Request).Kind);

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(CacheLookupKind.Revalidate, cache.Lookup(App, Get("/a").Request).Kind);
    }

    [Fact]
    public void BeginStore_NoFreshnessInformation_ReturnsNull()
    {
        var cache = NewCache(_time);

        Assert.Null(cache.BeginStore(App, Get("/a").Request, Upstream(200, "x", "ETag: \"v1\"")));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(201)]
    [InlineData(206)]
    [InlineData(304)]
    public void BeginStore_StatusNotCacheable_ReturnsNull(int status)
    {
        var cache = NewCache(_time);

        Assert.Null(cache.BeginStore(App, Get("/a").Request, Upstream(status, "x", "Cache-Control: max-age=60")));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(301)]
    [InlineData(410)]
    public async Task Lookup_CacheableErrorOrRedirect_ServesStoredStatus(int status)
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(status, "gone", "Cache-Control: max-age=60")));

        var context = Get("/a");
        await ServeAsync(cache, context);

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal("gone", Body(context));
    }

    [Fact]
    public async Task WriteAsync_Age_AddsUpstreamAgeDelayAndResidentTime()
    {
        // RFC 9111 4.2.3: the request went up at Start, the response came back 2 s later saying Age: 10;
        // apparent age (Date 5 s before arrival) is smaller, so corrected initial age = 10 + 2 = 12, plus 30 s resident.
        var cache = NewCache(_time);
        var context = Get("/a");
        var lookup = cache.Lookup(App, context.Request);
        _time.Advance(TimeSpan.FromSeconds(2));
        var upstream = Upstream(200, "x", "Cache-Control: max-age=600", "Age: 10", $"Date: {HttpDate(_time.Now.AddSeconds(-5))}");
        using (var writer = cache.BeginStore(App, context.Request, upstream, lookup.RequestTime))
        {
            Assert.NotNull(writer);
            writer.Write("x"u8);
            Assert.True(writer.Commit());
        }

        _time.Advance(TimeSpan.FromSeconds(30));
        var hit = Get("/a");
        await ServeAsync(cache, hit);

        Assert.Equal("42", Header(hit, "Age"));
    }

    [Fact]
    public async Task WriteAsync_DateFarInThePast_AgeIsTheApparentAge()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=600", $"Date: {HttpDate(Start.AddSeconds(-100))}")));

        var hit = Get("/a");
        await ServeAsync(cache, hit);

        Assert.Equal("100", Header(hit, "Age"));
    }

    [Fact]
    public void Lookup_RequestMaxStale_ServesStaleUnlessMustRevalidate()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=10")));
        Assert.True(Store(cache, Get("/b"), Upstream(200, "x", "Cache-Control: max-age=10, must-revalidate")));

        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a", "Cache-Control: max-stale=15").Request).Kind);
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a", "Cache-Control: max-stale=5").Request).Kind);
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/b", "Cache-Control: max-stale").Request).Kind);
    }

    [Fact]
    public void Lookup_RequestMinFresh_MissesWhenTooCloseToExpiry()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=60")));
        _time.Advance(TimeSpan.FromSeconds(50));

        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a", "Cache-Control: min-fresh=5").Request).Kind);
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a", "Cache-Control: min-fresh=20").Request).Kind);
    }
}
