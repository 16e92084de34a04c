namespace Nimbus.Edge.Tracing;

/// <summary>The edge's recent requests, kept for traces and the access log: a fixed ring of preallocated
/// <see cref="TraceRecord"/> slots, the oldest overwritten. Writers never wait and never allocate; a reader copies a slot
/// and keeps the copy only if no writer touched the slot meanwhile (a sequence lock per slot).</summary>
internal sealed class TraceRing
{
    private readonly TraceRecord[] _slots;
    private long _next;

    public TraceRing(int capacity)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the trace ring needs at least one slot");
        }
        _slots = new TraceRecord[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _slots[i] = new TraceRecord();
        }
    }

    public int Capacity => _slots.Length;

    /// <summary>The sequence number the next record gets (= how many were recorded).</summary>
    public long Next => Volatile.Read(ref _next);

    /// <summary>Records one finished request (ended at <paramref name="end"/>). Dropped when its slot is still being
    /// written: the ring went all the way round during one write.</summary>
    public void Record(RequestTimeline timeline, Routing.AppRoute route, int status, long end, long bytesIn, long bytesOut)
    {
        var sequence = Interlocked.Increment(ref _next) - 1;
        var record = _slots[sequence % _slots.Length];
        if (Interlocked.CompareExchange(ref record.Writing, 1, 0) != 0)
        {
            return;
        }
        // Odd from here: a full fence, so no field write below becomes visible before the version does.
        Interlocked.Increment(ref record.Version);
        record.Sequence = sequence;
        record.Fill(timeline, route, status, end, bytesIn, bytesOut);
        Volatile.Write(ref record.Version, record.Version + 1);
        Volatile.Write(ref record.Writing, 0);
    }

    /// <summary>Copies of the records that <paramref name="match"/> takes, newest first, at most <paramref name="limit"/>,
    /// only those with a sequence number of at least <paramref name="from"/> and below <paramref name="before"/>.</summary>
    public List<TraceRecord> Read(Func<TraceRecord, bool> match, int limit, long from = 0, long before = long.MaxValue)
    {
        var found = new List<TraceRecord>();
        var newest = Math.Min(Next, before) - 1;
        var oldest = Math.Max(from, newest - _slots.Length + 1);
        var copy = new TraceRecord();
        for (var sequence = newest; sequence >= oldest && found.Count < limit; sequence--)
        {
            if (TryCopy(sequence, copy) == Slot.Copied && match(copy))
            {
                found.Add(copy);
                copy = new TraceRecord();
            }
        }
        return found;
    }

    /// <summary>For a reader that follows the ring: copies of the records from <paramref name="from"/> on that
    /// <paramref name="match"/> takes, oldest first, stopping at the first one still being written; <paramref name="resume"/>
    /// is where to go on next time (that record, or past the last one looked at). Records the ring overwrote are passed.</summary>
    public List<TraceRecord> ReadForward(long from, Func<TraceRecord, bool> match, out long resume)
    {
        var found = new List<TraceRecord>();
        var newest = Next - 1;
        resume = Math.Max(from, newest - _slots.Length + 1);
        var copy = new TraceRecord();
        for (; resume <= newest; resume++)
        {
            var state = TryCopy(resume, copy);
            if (state == Slot.Pending)
            {
                break;
            }
            if (state == Slot.Copied && match(copy))
            {
                found.Add(copy);
                copy = new TraceRecord();
            }
        }
        return found;
    }

    private Slot TryCopy(long sequence, TraceRecord copy)
    {
        var slot = _slots[sequence % _slots.Length];
        var before = Volatile.Read(ref slot.Version);
        if ((before & 1) != 0 || Volatile.Read(ref slot.Writing) != 0)
        {
            return Slot.Pending;
        }
        slot.CopyTo(copy);
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref slot.Version) != before)
        {
            return Slot.Pending;
        }
        // Below: claimed but not written yet (or dropped, when the ring went round during a write); above: overwritten.
        return copy.Sequence == sequence ? Slot.Copied : copy.Sequence < sequence ? Slot.Pending : Slot.Gone;
    }

    private enum Slot
    {
        Copied,
        Pending,
        Gone,
    }
}
