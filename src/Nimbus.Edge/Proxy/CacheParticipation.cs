using Nimbus.Edge.Cache;

namespace Nimbus.Edge.Proxy;

/// <summary>What the cache said about a request before it was forwarded (only for apps with the cache on).</summary>
internal sealed class CacheParticipation(HttpResponseCache cache, string app, CacheLookup lookup)
{
    public HttpResponseCache Cache { get; } = cache;
    public string App { get; } = app;
    public CacheLookup Lookup { get; } = lookup;
}
