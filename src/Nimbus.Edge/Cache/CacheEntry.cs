namespace Nimbus.Edge.Cache;

/// <summary>A stored response's slot in <see cref="CacheStore"/>: a node of the LRU list, owned by the store's lock.</summary>
internal sealed class CacheEntry(CachedResponse response, CachedResource resource)
{
    public CachedResponse Response { get; set; } = response;

    public CachedResource Resource { get; } = resource;

    public CacheEntry? Newer { get; set; }

    public CacheEntry? Older { get; set; }
}
