using System.Net;

namespace Nimbus.IntegrationTests.Edge;

/// <summary>The edge's HTTP cache for an app with <c>edge: cache: true</c>, and per-client rate limits, through a real edge.</summary>
[Collection(EdgeCloudCollection.Name)]
public sealed class EdgeCacheTests(EdgeCloudFixture fixture)
{
    private NimbusCloud Cloud => fixture.Cloud;
    private HttpClient Client => fixture.Client;

    private async Task<(HttpStatusCode Status, string XCache, string Body, HttpResponseMessage Response)> GetAsync(string path, Action<HttpRequestMessage>? setup = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EdgeHttp.Url(Cloud, "cached", path));
        setup?.Invoke(request);
        var response = await Client.SendAsync(request);
        var xcache = response.Headers.TryGetValues("X-Cache", out var v) ? v.First() : "";
        return (response.StatusCode, xcache, await response.Content.ReadAsStringAsync(), response);
    }

    private static string Unique() => Guid.NewGuid().ToString("n")[..8];

    [Fact]
    public async Task CacheableResponse_IsAMissThenAHit_WithTheSameBodyAndAnAge()
    {
        var path = $"/cache?cc=public,max-age=60&id={Unique()}";

        var first = await GetAsync(path);
        var second = await GetAsync(path);

        Assert.Equal("MISS", first.XCache);
        Assert.Equal("HIT", second.XCache);
        Assert.Equal(first.Body, second.Body);
        Assert.True(second.Response.Headers.Age is not null);
    }

    [Fact]
    public async Task NoStore_IsNeverServedFromCache()
    {
        var path = $"/cache?cc=no-store&id={Unique()}";

        var first = await GetAsync(path);
        var second = await GetAsync(path);

        Assert.Equal("MISS", second.XCache);
        Assert.NotEqual(first.Body, second.Body);
    }

    [Fact]
    public async Task Vary_KeepsEachVariantApart()
    {
        var path = $"/cache?cc=public,max-age=60&vary=Accept-Language&id={Unique()}";
        void English(HttpRequestMessage r) => r.Headers.TryAddWithoutValidation("Accept-Language", "en");
        void German(HttpRequestMessage r) => r.Headers.TryAddWithoutValidation("Accept-Language", "de");

        var en = await GetAsync(path, English);
        var de = await GetAsync(path, German);
        var enAgain = await GetAsync(path, English);
        var deAgain = await GetAsync(path, German);

        Assert.EndsWith("en", en.Body.Trim());
        Assert.EndsWith("de", de.Body.Trim());
        Assert.Equal(("MISS", "MISS"), (en.XCache, de.XCache));
        Assert.Equal(("HIT", en.Body), (enAgain.XCache, enAgain.Body));
        Assert.Equal(("HIT", de.Body), (deAgain.XCache, deAgain.Body));
    }

    [Fact]
    public async Task StaleEntry_IsRevalidatedWithTheETag_AndServedFromCacheOn304()
    {
        var path = $"/cache?cc=public,max-age=0&etag=%22v1%22&id={Unique()}";

        var first = await GetAsync(path);
        var second = await GetAsync(path);

        Assert.Equal("MISS", first.XCache);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("HIT", second.XCache);
        Assert.Equal(first.Body, second.Body);
    }

    [Fact]
    public async Task ClientIfNoneMatch_OnAFreshEntry_Gets304FromTheCache()
    {
        var path = $"/cache?cc=public,max-age=60&etag=%22v2%22&id={Unique()}";
        await GetAsync(path);

        var conditional = await GetAsync(path, r => r.Headers.TryAddWithoutValidation("If-None-Match", "\"v2\""));

        Assert.Equal(HttpStatusCode.NotModified, conditional.Status);
        Assert.Equal("HIT", conditional.XCache);
    }

    [Fact]
    public async Task RequestWithAuthorization_IsNotServedAPrivateAnswerFromTheSharedCache()
    {
        var path = $"/cache?cc=max-age=60&id={Unique()}";
        void Authorized(HttpRequestMessage r) => r.Headers.TryAddWithoutValidation("Authorization", "Bearer alice");

        var first = await GetAsync(path, Authorized);
        var second = await GetAsync(path, Authorized);

        Assert.Equal("MISS", second.XCache);
        Assert.NotEqual(first.Body, second.Body);
    }

    [Fact]
    public async Task Purge_ThroughTheCli_EmptiesTheCache()
    {
        var id = Unique();
        var path = $"/cache?cc=public,max-age=60&id={id}";
        await GetAsync(path);
        Assert.Equal("HIT", (await GetAsync(path)).XCache);

        var purge = await Cloud.CliAsync("cache", "purge", "cached", "/cache");

        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.Contains("on 1 edge", purge.Stdout);
        Assert.Equal("MISS", (await GetAsync(path)).XCache);
    }

    [Fact]
    public async Task RateLimit_PastTheBurst_Is429WithRetryAfter()
    {
        using var limitedClient = EdgeHttp.Client(Cloud);
        // Every request the edge routes takes a token (whatever its answer); until the edge knows the app it answers 404.
        var taken = 0;
        HttpResponseMessage? denied = null;
        for (var i = 0; i < 200 && denied is null; i++)
        {
            var response = await limitedClient.GetAsync(EdgeHttp.Url(Cloud, "limited", "/"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                denied = response;
            }
            else if (response.StatusCode != HttpStatusCode.NotFound)
            {
                taken++;
            }
            else
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(denied);
        Assert.Equal(3, taken);
        Assert.True(denied.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains("too many requests", await denied.Content.ReadAsStringAsync());
    }
}
