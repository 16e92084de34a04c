namespace Nimbus.Edge.Cache;

/// <summary>The stored variants of one URI of one app, oldest first. Owned by the store's lock.</summary>
internal sealed class CachedResource(string app, ResourceKey key)
{
    public string App { get; } = app;

    public ResourceKey Key { get; } = key;

    public List<CacheEntry> Variants { get; } = new(1);
}
