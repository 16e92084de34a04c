namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// A key-ordered listing with a second marker inside a key: ListObjectVersions' version-id-marker and
/// ListMultipartUploads' upload-id-marker. The rest of the marker key's rows come first (by row id, in the listing's
/// order within a key), then the keys after it.
/// </summary>
internal static class MarkedKeyScan
{
    /// <summary>The SQL of one listing: <c>Scan</c> walks keys from <c>$from</c>; <c>RestOfKey</c> reads key <c>$k</c>'s rows
    /// after row <c>$id</c>; <c>MarkerId</c> finds the row id of marker <c>$m</c> in key <c>$k</c>.</summary>
    public readonly record struct Statements(string Scan, string RestOfKey, string MarkerId);

    /// <summary>Fills <paramref name="sink"/> up to <paramref name="max"/> entries; true when more entries follow.</summary>
    public static bool Run(CommandCache commands, Statements sql, long bucketId, string prefix, string? delimiter, string? keyMarker, string? idMarker, int max, ScanSink sink)
    {
        var from = KeyScan.Start(prefix, delimiter, keyMarker);
        if (keyMarker is not null && idMarker is not null
            && keyMarker.StartsWith(prefix, StringComparison.Ordinal) && !KeyScan.RollsUp(keyMarker, prefix, delimiter)
            && commands.Get(sql.MarkerId).Bind("$b", bucketId).Bind("$k", keyMarker).Bind("$m", idMarker).ExecuteScalar() is long markerId)
        {
            using var reader = commands.Get(sql.RestOfKey).Bind("$b", bucketId).Bind("$k", keyMarker).Bind("$id", markerId).Bind("$limit", (long)max + 1).ExecuteReader();
            while (reader.Read())
            {
                if (sink.Count == max)
                {
                    return true;
                }
                sink.AddRow(reader, keyMarker);
            }
        }
        return KeyScan.Run(commands.Get(sql.Scan).Bind("$b", bucketId), prefix, delimiter, from, max, sink);
    }
}
