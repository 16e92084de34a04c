using Microsoft.AspNetCore.Http;
using Nimbus.Edge.Cache;
using static Nimbus.Edge.Tests.Cache.CacheTestKit;

namespace Nimbus.Edge.Tests.Cache;

public sealed class VaryTests
{
    private readonly ManualTimeProvider _time = new(Start);

    [Fact]
    public async Task Vary_AcceptEncoding_GzipAndIdentityNeverLeak()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a", "Accept-Encoding: gzip"), Upstream(200, "GZIPPED", "Cache-Control: max-age=60", "Vary: Accept-Encoding", "Content-Encoding: gzip")));

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a", "Accept-Encoding: identity").Request).Kind);
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a").Request).Kind);

        Assert.True(Store(cache, Get("/a", "Accept-Encoding: identity"), Upstream(200, "plain", "Cache-Control: max-age=60", "Vary: Accept-Encoding")));

        var gzip = Get("/a", "Accept-Encoding: gzip");
        await ServeAsync(cache, gzip);
        var identity = Get("/a", "Accept-Encoding: identity");
        await ServeAsync(cache, identity);

        Assert.Equal("GZIPPED", Body(gzip));
        Assert.Equal("gzip", Header(gzip, "Content-Encoding"));
        Assert.Equal("plain", Body(identity));
        Assert.False(identity.Response.Headers.ContainsKey("Content-Encoding"));
        Assert.Equal(2, cache.Stats.Entries);
    }

    [Fact]
    public async Task Vary_AcceptLanguage_EachLanguageGetsItsOwnVariant()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a", "Accept-Language: fr"), Upstream(200, "bonjour", "Cache-Control: max-age=60", "Vary: Accept-Language")));
        Assert.True(Store(cache, Get("/a", "Accept-Language: de"), Upstream(200, "hallo", "Cache-Control: max-age=60", "Vary: Accept-Language")));

        var fr = Get("/a", "Accept-Language: fr");
        await ServeAsync(cache, fr);
        var de = Get("/a", "Accept-Language: de");
        await ServeAsync(cache, de);

        Assert.Equal("bonjour", Body(fr));
        Assert.Equal("hallo", Body(de));
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a", "Accept-Language: en").Request).Kind);
    }

    [Fact]
    public void Vary_SeveralHeaders_AllMustMatch()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a", "Accept-Language: fr", "Accept-Encoding: br"), Upstream(200, "x", "Cache-Control: max-age=60", "Vary: Accept-Encoding, Accept-Language")));

        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a", "Accept-Language: fr", "Accept-Encoding: br").Request).Kind);
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a", "Accept-Language: fr", "Accept-Encoding: gzip").Request).Kind);
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a", "Accept-Language: fr").Request).Kind);
    }

    [Fact]
    public void Vary_Star_IsNeverStored()
    {
        var cache = NewCache(_time);

        Assert.Null(cache.BeginStore(App, Get("/a").Request, Upstream(200, "x", "Cache-Control: max-age=60", "Vary: *")));
        Assert.Null(cache.BeginStore(App, Get("/a").Request, Upstream(200, "x", "Cache-Control: max-age=60", "Vary: Accept, *")));
    }

    [Fact]
    public void Vary_NewVaryList_ReplacesVariantsOfTheOldOne()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a", "Accept-Language: fr"), Upstream(200, "x", "Cache-Control: max-age=60", "Vary: Accept-Language")));
        Assert.True(Store(cache, Get("/a", "Accept-Encoding: br"), Upstream(200, "y", "Cache-Control: max-age=60", "Vary: Accept-Encoding")));

        Assert.Equal(1, cache.Stats.Entries);
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a", "Accept-Language: fr").Request).Kind);
    }

    [Fact]
    public void Lookup_OtherHostOfTheSameApp_IsADifferentVariant()
    {
        var cache = NewCache(_time);
        Assert.True(Store(cache, Get("/a"), Upstream(301, "", "Cache-Control: max-age=60", "Location: http://hello.localhost:8080/b")));
        var other = Get("/a");
        other.Request.Host = new HostString("www.example.test");

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, other.Request).Kind);
    }

    [Fact]
    public void Store_ManyVariants_KeepsOnlyTheConfiguredNumber()
    {
        var cache = NewCache(_time, new HttpCacheOptions { MaxVariantsPerUri = 3 });
        for (var i = 0; i < 5; i++)
        {
            Assert.True(Store(cache, Get("/a", $"User-Agent: agent-{i}"), Upstream(200, "x", "Cache-Control: max-age=60", "Vary: User-Agent")));
        }

        Assert.Equal(3, cache.Stats.Entries);
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a", "User-Agent: agent-0").Request).Kind);
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/a", "User-Agent: agent-4").Request).Kind);
    }
}
