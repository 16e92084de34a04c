using Microsoft.AspNetCore.Http;
using Nimbus.Edge.Cache;
using static Nimbus.Edge.Tests.Cache.CacheTestKit;

namespace Nimbus.Edge.Tests.Cache;

public sealed class PurgeAndInvalidationTests
{
    private readonly ManualTimeProvider _time = new(Start);

    [Fact]
    public void Purge_WholeApp_RemovesOnlyThatApp()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=60")));
        Assert.True(Store(cache, Get("/b/c"), Upstream(200, "x", "Cache-Control: max-age=60")));
        Assert.True(Store(cache, Get("/a"), Upstream(200, "x", "Cache-Control: max-age=60"), app: "other"));

        Assert.Equal(2, cache.Purge(App, null));

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a").Request).Kind);
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup("other", Get("/a").Request).Kind);
        Assert.Equal(1, cache.Stats.Entries);
    }

    [Fact]
    public void Purge_PathPrefix_RemovesEntriesUnderIt()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/img/a.png"), Upstream(200, "x", "Cache-Control: max-age=60")));
        Assert.True(Store(cache, Get("/img/b.png?size=2"), Upstream(200, "x", "Cache-Control: max-age=60")));
        Assert.True(Store(cache, Get("/index.html"), Upstream(200, "x", "Cache-Control: max-age=60")));

        Assert.Equal(2, cache.Purge(App, "/img/"));

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/img/a.png").Request).Kind);
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/img/b.png?size=2").Request).Kind);
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/index.html").Request).Kind);
    }

    [Fact]
    public void Purge_WhileAResponseIsBeingStored_ThatResponseIsNotStored()
    {
        var cache = NewCache(_time);
        using var writer = cache.BeginStore(App, Get("/a").Request, Upstream(200, "old", "Cache-Control: max-age=60"));
        Assert.NotNull(writer);
        writer.Write("old"u8);

        cache.Purge(App, null);

        Assert.False(writer.Commit());
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a").Request).Kind);
    }

    [Fact]
    public void Invalidate_SuccessfulPost_RemovesEveryVariantOfTheUri()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/items", "Accept-Language: fr"), Upstream(200, "x", "Cache-Control: max-age=60", "Vary: Accept-Language")));
        Assert.True(Store(cache, Get("/items", "Accept-Language: de"), Upstream(200, "x", "Cache-Control: max-age=60", "Vary: Accept-Language")));
        Assert.True(Store(cache, Get("/other"), Upstream(200, "x", "Cache-Control: max-age=60")));

        Assert.Equal(2, cache.Invalidate(App, Request("POST", "/items").Request, Upstream(201, "")));

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/items", "Accept-Language: fr").Request).Kind);
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/other").Request).Kind);
    }

    [Fact]
    public void Invalidate_FailedPostOrSafeMethod_RemovesNothing()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/items"), Upstream(200, "x", "Cache-Control: max-age=60")));

        Assert.Equal(0, cache.Invalidate(App, Request("POST", "/items").Request, Upstream(500, "")));
        Assert.Equal(0, cache.Invalidate(App, Request("GET", "/items").Request, Upstream(200, "")));
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/items").Request).Kind);
    }

    [Fact]
    public void Invalidate_LocationOnSameHost_IsInvalidatedToo()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/items/7"), Upstream(200, "x", "Cache-Control: max-age=60")));
        Assert.True(Store(cache, Get("/items/8"), Upstream(200, "x", "Cache-Control: max-age=60")));

        Assert.Equal(1, cache.Invalidate(App, Request("PUT", "/items").Request, Upstream(303, "", "Location: /items/7")));
        Assert.Equal(0, cache.Invalidate(App, Request("PUT", "/items").Request, Upstream(303, "", "Location: http://elsewhere.test/items/8")));

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/items/7").Request).Kind);
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/items/8").Request).Kind);
    }

    [Fact]
    public void Invalidate_ViaAnotherHostOfTheApp_RemovesTheUriForAllHosts()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/items"), Upstream(200, "x", "Cache-Control: max-age=60")));
        var post = Request("DELETE", "/items");
        post.Request.Host = new HostString("www.example.test");

        Assert.Equal(1, cache.Invalidate(App, post.Request, Upstream(204, "")));
    }

    [Fact]
    public void Invalidate_UnparsableLocation_InvalidatesOnlyTheRequestUri()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/items"), Upstream(200, "x", "Cache-Control: max-age=60")));
        var post = Request("POST", "/items");
        post.Request.Host = default;

        Assert.Equal(1, cache.Invalidate(App, post.Request, Upstream(201, "", "Location: http://[bad")));
    }
}
