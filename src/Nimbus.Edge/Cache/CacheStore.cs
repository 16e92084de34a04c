using Microsoft.AspNetCore.Http;

namespace Nimbus.Edge.Cache;

/// <summary>
/// The index of stored responses: app → URI → variants, one LRU list across all of them, and the byte budget.
/// One lock guards it all; every operation under it is a couple of dictionary look-ups and pointer moves, which
/// costs far less than the proxying around it. Responses are immutable, so callers use them outside the lock.
/// </summary>
internal sealed class CacheStore(HttpCacheOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<ResourceKey, CachedResource>> _apps = new(StringComparer.Ordinal);
    private CacheEntry? _newest;
    private CacheEntry? _oldest;
    private long _count;
    private long _bytes;
    private long _evictions;
    private readonly Dictionary<string, long> _purgeEpochs = new(StringComparer.Ordinal);

    public long Count => Volatile.Read(ref _count);

    public long Bytes => Volatile.Read(ref _bytes);

    public long Evictions => Volatile.Read(ref _evictions);

    /// <summary>Changes on every purge of the app, so a response that started storing before a purge of its app is not
    /// stored after it (other apps' responses are not affected).</summary>
    public long PurgeEpoch(string app)
    {
        lock (_lock)
        {
            return _purgeEpochs.GetValueOrDefault(app);
        }
    }

    /// <summary>The newest stored variant of the URI that matches the request's scheme, host and Vary values.</summary>
    public CachedResponse? Find(string app, ResourceKey key, HttpRequest request)
    {
        lock (_lock)
        {
            if (!_apps.TryGetValue(app, out var resources) || !resources.TryGetValue(key, out var resource))
            {
                return null;
            }

            CacheEntry? best = null;
            foreach (var entry in resource.Variants)
            {
                if (entry.Response.Head.Variant.Matches(request)
                    && (best is null || entry.Response.Head.Freshness.ResponseTime >= best.Response.Head.Freshness.ResponseTime))
                {
                    best = entry;
                }
            }

            if (best is null)
            {
                return null;
            }

            MoveToNewest(best);
            return best.Response;
        }
    }

    /// <summary>Stores a response, replacing the variant with the same secondary key and evicting to stay in budget.</summary>
    public bool Insert(CachedResponse response, long purgeEpoch)
    {
        if (response.Size > options.MaxBytes)
        {
            return false;
        }

        var head = response.Head;
        lock (_lock)
        {
            if (purgeEpoch != _purgeEpochs.GetValueOrDefault(head.App))
            {
                return false;
            }

            // Room first, then the entry: the byte count readers see (without the lock) never goes over the budget.
            EvictToBudget(response.Size);

            if (!_apps.TryGetValue(head.App, out var resources))
            {
                resources = [];
                _apps.Add(head.App, resources);
            }

            if (!resources.TryGetValue(head.Key, out var resource))
            {
                resource = new CachedResource(head.App, head.Key);
                resources.Add(head.Key, resource);
            }

            var variants = resource.Variants;
            for (var i = variants.Count - 1; i >= 0; i--)
            {
                var existing = variants[i].Response.Head.Variant;

                // A different Vary list means the origin changed how it varies: the old variants can no longer be selected reliably.
                if (existing.SameKeyAs(head.Variant) || !existing.SameVaryNames(head.Variant))
                {
                    Unlink(variants[i]);
                    variants.RemoveAt(i);
                }
            }

            while (variants.Count >= options.MaxVariantsPerUri)
            {
                Unlink(variants[0]);
                variants.RemoveAt(0);
                _evictions++;
            }

            var entry = new CacheEntry(response, resource);
            variants.Add(entry);
            LinkNewest(entry);
            _count++;
            _bytes += response.Size;
            return true;
        }
    }

    /// <summary>Swaps a stored response for its refreshed copy; false if it is no longer stored.</summary>
    public bool Replace(CachedResponse stored, CachedResponse refreshed)
    {
        lock (_lock)
        {
            var entry = FindEntry(stored);
            if (entry is null)
            {
                return false;
            }

            _bytes += refreshed.Size - stored.Size;
            entry.Response = refreshed;
            MoveToNewest(entry);
            EvictToBudget();
            return true;
        }
    }

    public void Remove(CachedResponse stored)
    {
        lock (_lock)
        {
            if (FindEntry(stored) is { } entry)
            {
                RemoveEntry(entry);
            }
        }
    }

    /// <summary>Removes every variant of a URI (all hosts, schemes and Vary values); returns how many.</summary>
    public int RemoveResource(string app, ResourceKey key)
    {
        lock (_lock)
        {
            if (!_apps.TryGetValue(app, out var resources) || !resources.TryGetValue(key, out var resource))
            {
                return 0;
            }

            return RemoveAll(resource);
        }
    }

    /// <summary>Removes an app's entries, all or those whose path starts with the prefix (ordinal).</summary>
    public int Purge(string app, string? pathPrefix)
    {
        lock (_lock)
        {
            _purgeEpochs[app] = _purgeEpochs.GetValueOrDefault(app) + 1;
            if (!_apps.TryGetValue(app, out var resources))
            {
                return 0;
            }

            List<CachedResource>? matched = null;
            foreach (var (key, resource) in resources)
            {
                if (pathPrefix is null || key.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
                {
                    (matched ??= []).Add(resource);
                }
            }

            var removed = 0;
            if (matched is not null)
            {
                foreach (var resource in matched)
                {
                    removed += RemoveAll(resource);
                }
            }

            return removed;
        }
    }

    private CacheEntry? FindEntry(CachedResponse stored)
    {
        var head = stored.Head;
        if (!_apps.TryGetValue(head.App, out var resources) || !resources.TryGetValue(head.Key, out var resource))
        {
            return null;
        }

        foreach (var entry in resource.Variants)
        {
            if (ReferenceEquals(entry.Response, stored))
            {
                return entry;
            }
        }

        return null;
    }

    private int RemoveAll(CachedResource resource)
    {
        var count = resource.Variants.Count;
        foreach (var entry in resource.Variants)
        {
            Unlink(entry);
        }

        resource.Variants.Clear();
        DropIfEmpty(resource);
        return count;
    }

    private void RemoveEntry(CacheEntry entry)
    {
        Unlink(entry);
        entry.Resource.Variants.Remove(entry);
        DropIfEmpty(entry.Resource);
    }

    private void DropIfEmpty(CachedResource resource)
    {
        if (resource.Variants.Count == 0 && _apps.TryGetValue(resource.App, out var resources))
        {
            resources.Remove(resource.Key);
            if (resources.Count == 0)
            {
                _apps.Remove(resource.App);
            }
        }
    }

    /// <summary>Evicts least recently used entries until <paramref name="incoming"/> more bytes fit.</summary>
    private void EvictToBudget(long incoming = 0)
    {
        while (_bytes + incoming > options.MaxBytes && _oldest is { } oldest)
        {
            RemoveEntry(oldest);
            _evictions++;
        }
    }

    /// <summary>Takes an entry out of the LRU list and the counts; the caller removes it from its resource.</summary>
    private void Unlink(CacheEntry entry)
    {
        Detach(entry);
        _count--;
        _bytes -= entry.Response.Size;
    }

    private void MoveToNewest(CacheEntry entry)
    {
        if (_newest == entry)
        {
            return;
        }

        Detach(entry);
        LinkNewest(entry);
    }

    private void LinkNewest(CacheEntry entry)
    {
        entry.Older = _newest;
        entry.Newer = null;
        if (_newest is not null)
        {
            _newest.Newer = entry;
        }

        _newest = entry;
        _oldest ??= entry;
    }

    private void Detach(CacheEntry entry)
    {
        if (entry.Newer is not null)
        {
            entry.Newer.Older = entry.Older;
        }
        else if (_newest == entry)
        {
            _newest = entry.Older;
        }

        if (entry.Older is not null)
        {
            entry.Older.Newer = entry.Newer;
        }
        else if (_oldest == entry)
        {
            _oldest = entry.Newer;
        }

        entry.Newer = null;
        entry.Older = null;
    }
}
