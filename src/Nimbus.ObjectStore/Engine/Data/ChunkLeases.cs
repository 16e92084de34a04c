namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// Keeps chunk files alive while readers use them. Release does not delete a chunk a reader holds; it marks it, and
/// the last reader to let go deletes it. This was chosen over holding every file handle open from OpenRead: a 5 GB
/// object has ~640 chunks, and a handle per chunk per reader would exhaust file descriptors under load, while a
/// counted reference costs nothing until a chunk is actually released mid-read.
/// </summary>
internal sealed class ChunkLeases(Action<string> delete)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Acquire(string id)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(id, out var entry))
            {
                entry.Readers++;
            }
            else
            {
                _entries[id] = new Entry { Readers = 1 };
            }
        }
    }

    public void Release(string id)
    {
        bool deleteNow;
        lock (_gate)
        {
            if (!_entries.TryGetValue(id, out var entry))
            {
                return;
            }
            if (--entry.Readers > 0)
            {
                return;
            }
            _entries.Remove(id);
            deleteNow = entry.Doomed;
        }
        if (deleteNow)
        {
            delete(id);
        }
    }

    /// <summary>Deletes the chunk now, or when its last reader finishes.</summary>
    public void Doom(string id)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(id, out var entry))
            {
                entry.Doomed = true;
                return;
            }
        }
        delete(id);
    }

    /// <summary>Chunks being read now (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    private sealed class Entry
    {
        public int Readers;
        public bool Doomed;
    }
}
