using Nimbus.Edge.Cache;
using static Nimbus.Edge.Tests.Cache.CacheTestKit;

namespace Nimbus.Edge.Tests.Cache;

public sealed class EvictionTests
{
    private readonly ManualTimeProvider _time = new(Start);

    [Fact]
    public void Store_OverBudget_EvictsLeastRecentlyUsed()
    {
        // Each entry is ~10 KiB of body plus bookkeeping; the budget holds three.
        var cache = NewCache(_time, new HttpCacheOptions { MaxBytes = 36 * 1024, MaxEntryBytes = 16 * 1024 });
        var body = new string('x', 10 * 1024);
        Assert.True(Store(cache, Get("/1"), Upstream(200, body, "Cache-Control: max-age=60")));
        Assert.True(Store(cache, Get("/2"), Upstream(200, body, "Cache-Control: max-age=60")));
        Assert.True(Store(cache, Get("/3"), Upstream(200, body, "Cache-Control: max-age=60")));

        // Using /1 makes /2 the least recently used.
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/1").Request).Kind);
        Assert.True(Store(cache, Get("/4"), Upstream(200, body, "Cache-Control: max-age=60")));

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/2").Request).Kind);
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/1").Request).Kind);
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/3").Request).Kind);
        Assert.Equal(CacheLookupKind.Hit, cache.Lookup(App, Get("/4").Request).Kind);
        Assert.Equal(1, cache.Stats.Evictions);
        Assert.InRange(cache.Stats.Bytes, 30 * 1024, 36 * 1024);
    }

    [Fact]
    public void BeginStore_ContentLengthOverEntryLimit_ReturnsNull()
    {
        var cache = NewCache(_time, new HttpCacheOptions { MaxEntryBytes = 1024 });

        Assert.Null(cache.BeginStore(App, Get("/a").Request, Upstream(200, new string('x', 1025), "Cache-Control: max-age=60")));
    }

    [Fact]
    public void Writer_ChunkedBodyOverEntryLimit_GivesUpAndStoresNothing()
    {
        var cache = NewCache(_time, new HttpCacheOptions { MaxEntryBytes = 1024 });
        using var writer = cache.BeginStore(App, Get("/a").Request, Upstream(200, "", true, "Cache-Control: max-age=60"));
        Assert.NotNull(writer);

        writer.Write(new byte[1000]);
        Assert.True(writer.IsOpen);
        writer.Write(new byte[100]);

        Assert.False(writer.IsOpen);
        Assert.False(writer.Commit());
        Assert.Equal(0, cache.Stats.Entries);
    }

    [Fact]
    public async Task Writer_ChunkedBodyAcrossSegments_IsStoredWhole()
    {
        var cache = NewCache(_time);
        var body = new byte[200_000];
        new Random(42).NextBytes(body);
        using (var writer = cache.BeginStore(App, Get("/a").Request, Upstream(200, "", true, "Cache-Control: max-age=60")))
        {
            Assert.NotNull(writer);
            foreach (var chunk in body.Chunk(3000))
            {
                writer.Write(chunk);
            }

            Assert.True(writer.Commit());
        }

        var hit = Get("/a");
        await ServeAsync(cache, hit);

        Assert.Equal(body, ((MemoryStream)hit.Response.Body).ToArray());
        Assert.Equal(body.Length, hit.Response.ContentLength);
    }

    [Fact]
    public void Writer_BodyShorterThanContentLength_IsNotStored()
    {
        var cache = NewCache(_time);
        using var writer = cache.BeginStore(App, Get("/a").Request, Upstream(200, "0123456789", "Cache-Control: max-age=60"));
        Assert.NotNull(writer);

        writer.Write("01234"u8);

        Assert.False(writer.Commit());
        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a").Request).Kind);
    }

    [Fact]
    public void Writer_NotCommitted_IsNeverVisible()
    {
        var cache = NewCache(_time);
        var writer = cache.BeginStore(App, Get("/a").Request, Upstream(200, "0123456789", "Cache-Control: max-age=60"));
        Assert.NotNull(writer);
        writer.Write("0123456789"u8);

        Assert.Equal(CacheLookupKind.Miss, cache.Lookup(App, Get("/a").Request).Kind);

        writer.Dispose();
        Assert.False(writer.Commit());
        Assert.Equal(0, cache.Stats.Entries);
    }
}
