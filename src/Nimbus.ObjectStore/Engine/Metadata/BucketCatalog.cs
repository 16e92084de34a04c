namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// The buckets of the node as an immutable snapshot: every request looks its bucket up here without touching
/// SQLite; the writer swaps in a new snapshot after a batch that changed a bucket, before it answers the callers.
/// </summary>
internal sealed class BucketCatalog(Dictionary<string, BucketCatalog.Entry> byName)
{
    public static readonly BucketCatalog Empty = new(new Dictionary<string, Entry>(StringComparer.Ordinal));

    public bool TryGet(string name, out Entry entry) => byName.TryGetValue(name, out entry!);

    public IReadOnlyList<BucketInfo> ForOwner(string owner)
    {
        var list = new List<BucketInfo>();
        foreach (var entry in byName.Values)
        {
            if (entry.Info.Owner == owner)
            {
                list.Add(entry.Info);
            }
        }
        list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    /// <summary>A bucket and its row id (what the version rows refer to).</summary>
    internal sealed record Entry(long Id, BucketInfo Info);
}
