using Nimbus.Edge.Cache;
using static Nimbus.Edge.Tests.Cache.CacheTestKit;

namespace Nimbus.Edge.Tests.Cache;

public sealed class StorageRulesTests
{
    private readonly ManualTimeProvider _time = new(Start);

    [Theory]
    [InlineData("no-store, max-age=60")]
    [InlineData("private, max-age=60")]
    [InlineData("private=\"X-User\", max-age=60")]
    public void BeginStore_ResponseForbidsSharedStorage_ReturnsNull(string cacheControl)
    {
        var cache = NewCache(_time);

        Assert.Null(cache.BeginStore(App, Get("/a").Request, Upstream(200, "x", $"Cache-Control: {cacheControl}")));
        Assert.Equal(0, cache.Stats.Entries);
    }

    [Fact]
    public void Lookup_RequestNoStore_BypassesAndIsNotStored()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=60")));
        var context = Get("/a", "Cache-Control: no-store");

        Assert.Equal(CacheLookupKind.Bypass, cache.Lookup(App, context.Request).Kind);
        Assert.Null(cache.BeginStore(App, context.Request, Upstream(200, "y", "Cache-Control: max-age=60")));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    public void Lookup_UnsafeOrOtherMethod_BypassesAndIsNotStored(string method)
    {
        var cache = NewCache(_time);
        var context = Request(method, "/a");

        Assert.Equal(CacheLookupKind.Bypass, cache.Lookup(App, context.Request).Kind);
        Assert.Null(cache.BeginStore(App, context.Request, Upstream(200, "x", "Cache-Control: max-age=60")));
    }

    [Fact]
    public void BeginStore_HeadRequest_IsNotStored()
    {
        var cache = NewCache(_time);

        Assert.Null(cache.BeginStore(App, Request("HEAD", "/a").Request, Upstream(200, "", "Cache-Control: max-age=60")));
    }

    [Fact]
    public void Lookup_RangeRequest_Bypasses()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=60")));

        Assert.Equal(CacheLookupKind.Bypass, cache.Lookup(App, Get("/a", "Range: bytes=0-10").Request).Kind);
    }

    [Fact]
    public void BeginStore_AuthorizedRequestPlainMaxAge_IsNotStored()
    {
        var cache = NewCache(_time);

        Assert.Null(cache.BeginStore(App, Get("/a", "Authorization: Bearer alice").Request, Upstream(200, "alice's", "Cache-Control: max-age=60")));
    }

    [Theory]
    [InlineData("public, max-age=60")]
    [InlineData("s-maxage=60")]
    [InlineData("max-age=60, must-revalidate")]
    public void Lookup_AuthorizedRequest_StoredAndServedWhenResponseAllowsSharing(string cacheControl)
    {
        var cache = NewCache(_time);

        Assert.True(Store(cache, Get("/a", "Authorization: Bearer alice"), Upstream(200, "shared", $"Cache-Control: {cacheControl}")));
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a", "Authorization: Bearer bob").Request).Kind);
    }

    [Fact]
    public void Lookup_AuthorizedRequest_NotServedFromEntryThatDoesNotAllowIt()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "anonymous", "Cache-Control: max-age=60")));

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a", "Authorization: Bearer bob").Request).Kind);
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a").Request).Kind);
    }

    [Fact]
    public void Cookie_NotServedNorStoredUnlessPublic()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "anonymous", "Cache-Control: max-age=60")));

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a", "Cookie: session=1").Request).Kind);
        Assert.Null(cache.BeginStore(App, Get("/b", "Cookie: session=1").Request, Upstream(200, "mine", "Cache-Control: max-age=60")));

        Assert.True(Store(cache, Get("/c", "Cookie: session=1"), Upstream(200, "everyone's", "Cache-Control: public, max-age=60")));
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/c", "Cookie: session=2").Request).Kind);
    }

    [Fact]
    public async Task SetCookie_NotStoredUnlessPublic_AndNeverReplayed()
    {
        var cache = NewCache(_time);
        Assert.Null(cache.BeginStore(App, Get("/a").Request, Upstream(200, "x", "Cache-Control: max-age=60", "Set-Cookie: session=alice")));

        Assert.True(Store(cache, Get("/b"), Upstream(200, "x", "Cache-Control: public, max-age=60", "Set-Cookie: session=alice")));
        var hit = Get("/b");
        await ServeAsync(cache, hit);

        Assert.Equal("HIT", Header(hit, "X-Cache"));
        Assert.False(hit.Response.Headers.ContainsKey("Set-Cookie"));
    }

    [Fact]
    public async Task WriteAsync_HopByHopHeaders_AreNotStored()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(
            200, "x", "Cache-Control: max-age=60", "Connection: X-Secret", "X-Secret: 1", "Keep-Alive: timeout=5", "X-Kept: yes")));

        var hit = Get("/a");
        await ServeAsync(cache, hit);

        Assert.Equal("yes", Header(hit, "X-Kept"));
        Assert.False(hit.Response.Headers.ContainsKey("Connection"));
        Assert.False(hit.Response.Headers.ContainsKey("Keep-Alive"));
        Assert.False(hit.Response.Headers.ContainsKey("X-Secret"));
    }

    [Fact]
    public void Lookup_OnlyIfCachedAndNothingStored_AnswersGatewayTimeout()
    {
        var cache = NewCache(_time);
        var context = Get("/a", "Cache-Control: only-if-cached");

        var lookup = cache.Lookup(App, context.Request);
        HttpResponseCache.WriteGatewayTimeout(context);

        Assert.Equal(CacheLookupKind.GatewayTimeout, lookup.Kind);
        Assert.Equal(504, context.Response.StatusCode);
    }

    [Fact]
    public void Lookup_OnlyIfCachedAndFresh_Hits()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=60")));

        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a", "Cache-Control: only-if-cached").Request).Kind);
    }

    [Fact]
    public void Lookup_OtherApp_DoesNotSeeTheEntry()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=60")));

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup("other", Get("/a").Request).Kind);
    }

    [Fact]
    public void Lookup_DifferentQuery_IsADifferentEntry()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a?page=1"), Upstream(200, "x", "Cache-Control: max-age=60")));

        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a?page=1").Request).Kind);
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a?page=2").Request).Kind);
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a").Request).Kind);
    }
}
