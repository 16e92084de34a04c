using Microsoft.Data.Sqlite;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// The listing walk shared by objects, versions and uploads. The command returns rows in key order from
/// <c>$from</c> (inclusive) below <c>$to</c>, at most <c>$limit</c>, key in column 0. A key that rolls up into a
/// common prefix ends the query: the next one SEEKS to the first key after the whole prefix, so a prefix with a
/// million keys under it costs one index seek, not a million rows. No OFFSET anywhere: every query starts at a key.
/// </summary>
internal static class KeyScan
{
    /// <summary>Fills <paramref name="sink"/> up to <paramref name="max"/> entries; true when more entries follow.</summary>
    public static bool Run(SqliteCommand command, string prefix, string? delimiter, string? from, int max, ScanSink sink)
    {
        command.Bind("$to", KeyOrder.PrefixEnd(prefix));
        var rollUp = !string.IsNullOrEmpty(delimiter);
        while (from is not null)
        {
            // One row more than the page holds tells whether the page is truncated.
            var want = max - sink.Count + 1;
            command.Bind("$from", from).Bind("$limit", (long)want);
            string? seek = null;
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var key = reader.GetString(0);
                    var cut = rollUp ? key.IndexOf(delimiter!, prefix.Length, StringComparison.Ordinal) : -1;
                    if (sink.Count == max)
                    {
                        return true;
                    }
                    if (cut >= 0)
                    {
                        var common = key[..(cut + delimiter!.Length)];
                        sink.AddPrefix(common);
                        seek = KeyOrder.PrefixEnd(common);
                        break;
                    }
                    sink.AddRow(reader, key);
                }
            }
            // Without a roll-up the query ran dry (a full batch would have ended the page above).
            from = seek;
        }
        return false;
    }

    /// <summary>
    /// Where a listing starts: at the prefix, after the marker, and past the whole common prefix the marker rolls up
    /// into (so a page never repeats the prefix it ended on). Null when nothing can follow.
    /// </summary>
    public static string? Start(string prefix, string? delimiter, string? after)
    {
        if (after is null)
        {
            return prefix;
        }
        var from = KeyOrder.Successor(after);
        if (!string.IsNullOrEmpty(delimiter) && after.StartsWith(prefix, StringComparison.Ordinal))
        {
            var cut = after.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            if (cut >= 0)
            {
                var end = KeyOrder.PrefixEnd(after[..(cut + delimiter.Length)]);
                if (end is null)
                {
                    return null;
                }
                from = end;
            }
        }
        return KeyOrder.Max(prefix, from);
    }

    /// <summary>Whether <paramref name="key"/> rolls up into a common prefix under <paramref name="prefix"/>.</summary>
    public static bool RollsUp(string key, string prefix, string? delimiter) =>
        !string.IsNullOrEmpty(delimiter) && key.StartsWith(prefix, StringComparison.Ordinal) && key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal) >= 0;

    /// <summary>The bound <c>$to</c> falls back to when the prefix is empty: 0xF5 never occurs in UTF-8, so every key sorts below it.</summary>
    public const string UpperBound = "COALESCE($to, CAST(X'F5' AS TEXT))";
}
