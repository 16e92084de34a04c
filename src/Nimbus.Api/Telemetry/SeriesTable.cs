using System.Collections.Concurrent;

namespace Nimbus.Api.Telemetry;

/// <summary>An instrument's series by tag set. The measurement path looks up without locking or allocating (a
/// hash, then a compare of the few tags); a new combination is added under a lock, up to a bound, so a tag fed from
/// outside cannot grow memory without limit.</summary>
internal sealed class SeriesTable<TPoint>(Func<TPoint> create) where TPoint : class
{
    public const int MaxSeries = 5000;

    private readonly ConcurrentDictionary<int, Entry[]> _byHash = new();
    private readonly Lock _gate = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The series' point, or null when the table is full and this combination is new.</summary>
    public TPoint? Get(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = TagSet.HashOf(tags);
        if (_byHash.TryGetValue(hash, out var entries))
        {
            foreach (var entry in entries)
            {
                if (entry.Tags.Matches(tags))
                {
                    return entry.Point;
                }
            }
        }
        return Add(tags, hash);
    }

    private TPoint? Add(ReadOnlySpan<KeyValuePair<string, object?>> tags, int hash)
    {
        lock (_gate)
        {
            var existing = _byHash.GetValueOrDefault(hash) ?? [];
            foreach (var entry in existing)
            {
                if (entry.Tags.Matches(tags))
                {
                    return entry.Point;
                }
            }
            if (_count >= MaxSeries)
            {
                return null;
            }
            var point = create();
            _byHash[hash] = [.. existing, new Entry(TagSet.Copy(tags, hash), point)];
            _count++;
            return point;
        }
    }

    /// <summary>Drops every series (observable instruments report their whole set at each collection).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _byHash.Clear();
            _count = 0;
        }
    }

    /// <summary>Drops the series that carry <paramref name="tag"/> (an app that is gone).</summary>
    public void Remove(KeyValuePair<string, object?> tag)
    {
        lock (_gate)
        {
            foreach (var (hash, entries) in _byHash)
            {
                var kept = Array.FindAll(entries, e => !e.Tags.Has(tag));
                if (kept.Length == entries.Length)
                {
                    continue;
                }
                _count -= entries.Length - kept.Length;
                if (kept.Length == 0)
                {
                    _byHash.TryRemove(hash, out _);
                }
                else
                {
                    _byHash[hash] = kept;
                }
            }
        }
    }

    public IEnumerable<Entry> Entries() => _byHash.Values.SelectMany(static entries => entries);

    public sealed record Entry(TagSet Tags, TPoint Point);
}
