using System.Buffers;

namespace Nimbus.Edge.Cache;

/// <summary>
/// Collects the body of a response being stored while the proxy streams it to the client (a tee). Nothing is
/// visible in the cache until <see cref="Commit"/> stores the whole response at once. Used by one request, so not
/// thread-safe. Beyond <see cref="HttpCacheOptions.MaxEntryBytes"/> it gives up and keeps no bytes.
/// </summary>
/// <remarks>
/// With a Content-Length the body goes into one exactly sized array. Without one it goes into segments rented
/// from <see cref="ArrayPool{T}.Shared"/>, growing from 4 KiB to 64 KiB; they go back to the pool if the response
/// is not stored. Once stored they belong to the entry and are left to the GC when it is evicted, never returned to
/// the pool: a hit may still be streaming from them, and a pooled array could be handed to another renter mid-copy.
/// </remarks>
public sealed class CacheWriter : IDisposable
{
    private const int FirstSegmentSize = 4 * 1024;
    private const int MaxSegmentSize = 64 * 1024;

    private readonly HttpResponseCache _cache;
    private readonly StoredHead _head;
    private readonly long? _expectedLength;
    private readonly long _maxBytes;
    private readonly long _purgeEpoch;
    private readonly bool _pooled;
    private byte[][] _segments;
    private int _segmentCount;
    private int _used; // bytes used in the last segment
    private long _length;
    private State _state;

    private long _reservation;

    internal CacheWriter(HttpResponseCache cache, StoredHead head, long? expectedLength, long maxBytes, long purgeEpoch, long reservation = 0)
    {
        _reservation = reservation;
        _cache = cache;
        _head = head;
        _expectedLength = expectedLength;
        _maxBytes = maxBytes;
        _purgeEpoch = purgeEpoch;
        _pooled = expectedLength is null;
        _segments = expectedLength is > 0 ? [GC.AllocateUninitializedArray<byte>((int)expectedLength.Value)] : [];
        _segmentCount = _segments.Length;
    }

    private enum State
    {
        Open,
        Committed,
        Abandoned,
    }

    /// <summary>False once the writer gave up (too large, longer than announced), committed or was abandoned.</summary>
    public bool IsOpen => _state == State.Open;

    /// <summary>Appends body bytes the proxy has just sent (or is about to send) to the client.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (_state != State.Open || data.IsEmpty)
        {
            return;
        }

        if (_length + data.Length > (_expectedLength ?? _maxBytes))
        {
            Abandon();
            return;
        }

        while (!data.IsEmpty)
        {
            if (_segmentCount == 0 || _used == _segments[_segmentCount - 1].Length)
            {
                AddSegment();
            }

            var segment = _segments[_segmentCount - 1];
            var count = Math.Min(data.Length, segment.Length - _used);
            data[..count].CopyTo(segment.AsSpan(_used));
            _used += count;
            _length += count;
            data = data[count..];
        }
    }

    /// <summary>
    /// Call when the whole body has been read from upstream. Stores the response unless the writer gave up, the
    /// body is shorter than its Content-Length, or the app was purged since <see cref="HttpResponseCache.BeginStore"/>.
    /// </summary>
    /// <returns>Whether the response is now in the cache.</returns>
    public bool Commit()
    {
        if (_state != State.Open)
        {
            return false;
        }

        if (_expectedLength is { } expected && _length != expected)
        {
            Abandon();
            return false;
        }

        _state = State.Committed;
        ReleaseReservation();
        var segments = _segmentCount == _segments.Length ? _segments : _segments[.._segmentCount];
        var body = _length == 0 ? CachedBody.Empty : new CachedBody(segments, _length);
        if (_cache.Store(new CachedResponse(_head, body), _purgeEpoch))
        {
            return true;
        }

        ReturnSegments();
        return false;
    }

    /// <summary>Drops the collected bytes: call when the upstream body failed or the client went away.</summary>
    public void Abandon()
    {
        if (_state != State.Open)
        {
            return;
        }

        _state = State.Abandoned;
        ReleaseReservation();
        ReturnSegments();
    }

    private void ReleaseReservation()
    {
        _cache.ReleaseInFlight(_reservation);
        _reservation = 0;
    }

    /// <summary>Abandons the body unless it was committed.</summary>
    public void Dispose() => Abandon();

    private void AddSegment()
    {
        // Only the pooled path gets here: an exactly sized array is never full before the body ends.
        var size = _segmentCount == 0 ? FirstSegmentSize : Math.Min(MaxSegmentSize, _segments[_segmentCount - 1].Length * 2);
        var remainingAllowed = _maxBytes - _length;
        if (remainingAllowed < size)
        {
            size = (int)Math.Max(remainingAllowed, 1);
        }

        if (_segmentCount == _segments.Length)
        {
            Array.Resize(ref _segments, Math.Max(4, _segments.Length * 2));
        }

        _segments[_segmentCount++] = ArrayPool<byte>.Shared.Rent(size);
        _used = 0;
    }

    private void ReturnSegments()
    {
        if (_pooled)
        {
            for (var i = 0; i < _segmentCount; i++)
            {
                ArrayPool<byte>.Shared.Return(_segments[i]);
            }
        }

        _segments = [];
        _segmentCount = 0;
    }
}
