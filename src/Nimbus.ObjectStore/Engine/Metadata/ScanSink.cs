using Microsoft.Data.Sqlite;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>Collects one listing page: entries (rows) and common prefixes, each counting once toward the page size.</summary>
internal abstract class ScanSink
{
    public List<string> Prefixes { get; } = [];

    /// <summary>Entries and prefixes added so far.</summary>
    public int Count { get; private set; }

    /// <summary>The key of the last row added, or the last common prefix; null before anything was added.</summary>
    public string? LastKey { get; private set; }

    /// <summary>Whether the last thing added was a common prefix.</summary>
    public bool LastWasPrefix { get; private set; }

    public void AddPrefix(string prefix)
    {
        Prefixes.Add(prefix);
        Count++;
        LastKey = prefix;
        LastWasPrefix = true;
    }

    public void AddRow(SqliteDataReader row, string key)
    {
        Add(row, key);
        Count++;
        LastKey = key;
        LastWasPrefix = false;
    }

    /// <summary>Reads one row (column 0 is the key, already read).</summary>
    protected abstract void Add(SqliteDataReader row, string key);
}
