using Nimbus.Edge.Cache;
using static Nimbus.Edge.Tests.Cache.CacheTestKit;

namespace Nimbus.Edge.Tests.Cache;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task StoreLookupPurge_ManyThreads_NeverServeAnotherKeysBodyAndStayInBudget()
    {
        // Bodies name their own key and variant, so a hit that returned anyone else's bytes is caught.
        var time = new ManualTimeProvider(Start);
        var options = new HttpCacheOptions { MaxBytes = 256 * 1024, MaxEntryBytes = 32 * 1024 };
        var cache = NewCache(time, options);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var hits = 0;

        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var random = new Random(1000 + worker);
            for (var i = 0; i < 3000; i++)
            {
                var key = random.Next(64);
                var language = random.Next(2) == 0 ? "fr" : "de";
                var path = $"/k{key}";
                var expected = $"{path}:{language}:" + new string('.', (key * 389) % 20_000);
                switch (random.Next(10))
                {
                    case < 4:
                        var upstream = Upstream(200, expected, random.Next(2) == 0, "Cache-Control: max-age=600", "Vary: Accept-Language");
                        Store(cache, Get(path, $"Accept-Language: {language}"), upstream);
                        break;
                    case 4 when worker == 0:
                        cache.Purge(App, random.Next(2) == 0 ? null : "/k1");
                        break;
                    default:
                        var context = Get(path, $"Accept-Language: {language}");
                        var lookup = await ServeAsync(cache, context);
                        if (lookup.Kind == CacheLookupKind.Hit)
                        {
                            Interlocked.Increment(ref hits);
                            var body = Body(context);
                            if (body != expected)
                            {
                                failures.Enqueue($"{path} {language}: got {body[..Math.Min(20, body.Length)]}");
                            }
                        }

                        break;
                }

                if (cache.Stats.Bytes > options.MaxBytes)
                {
                    failures.Enqueue($"over budget: {cache.Stats.Bytes}");
                }
            }
        })).ToArray();

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Empty(failures);
        Assert.True(hits > 100, $"only {hits} hits: the test did not exercise the cache");
        Assert.True(cache.Stats.Evictions > 0, "the budget was never reached");
        Assert.InRange(cache.Stats.Bytes, 0, options.MaxBytes);
    }
}
