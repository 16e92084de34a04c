using System.Diagnostics;
using System.Diagnostics.Metrics;
using Nimbus.Api.Contracts;

namespace Nimbus.Edge.Traffic;

/// <summary>One app's counters at this edge: lock-free increments on the request path, read as a whole for the API.
/// Kept per app name for the life of the edge (a route rebuilt by a new snapshot keeps counting into the same object).</summary>
internal sealed class AppTrafficCounters(string app, Histogram<double>? duration = null)
{
    /// <summary>Upper bounds in milliseconds; one more bucket counts everything above the last.</summary>
    public static readonly double[] BucketBoundsMs = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private static readonly long[] BucketBoundsTicks = Array.ConvertAll(BucketBoundsMs, ms => (long)(ms * Stopwatch.Frequency / 1000));

    private readonly long[] _status = new long[6];
    private readonly long[] _buckets = new long[BucketBoundsMs.Length + 1];
    private long _requests;
    private long _bytesIn;
    private long _bytesOut;
    private long _inFlight;
    private long _latencySumTicks;
    private long _rateLimited;
    private long _cacheHits;
    private long _cacheMisses;
    private long _retries;
    private readonly KeyValuePair<string, object?> _appTag = new("app", app);

    public string App { get; } = app;

    public long InFlight => Volatile.Read(ref _inFlight);

    public void Begin() => Interlocked.Increment(ref _inFlight);

    /// <summary>Counts a finished request: its status, how long it took (Stopwatch ticks) and the body bytes each way.</summary>
    public void End(int status, long elapsedTicks, long bytesIn, long bytesOut)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref _requests);
        var statusClass = status / 100;
        Interlocked.Increment(ref _status[statusClass is >= 1 and <= 5 ? statusClass : 0]);
        var bucket = 0;
        while (bucket < BucketBoundsTicks.Length && elapsedTicks > BucketBoundsTicks[bucket])
        {
            bucket++;
        }
        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Add(ref _latencySumTicks, elapsedTicks);
        duration?.Record((double)elapsedTicks / Stopwatch.Frequency, _appTag);
        if (bytesIn > 0)
        {
            Interlocked.Add(ref _bytesIn, bytesIn);
        }
        if (bytesOut > 0)
        {
            Interlocked.Add(ref _bytesOut, bytesOut);
        }
    }

    public void RateLimited() => Interlocked.Increment(ref _rateLimited);

    public void CacheHit() => Interlocked.Increment(ref _cacheHits);

    public void CacheMiss() => Interlocked.Increment(ref _cacheMisses);

    public void Retried() => Interlocked.Increment(ref _retries);

    public AppTraffic Snapshot()
    {
        var traffic = new AppTraffic
        {
            App = App,
            Edges = 1,
            EdgesAsked = 1,
            Requests = Volatile.Read(ref _requests),
            BytesIn = Volatile.Read(ref _bytesIn),
            BytesOut = Volatile.Read(ref _bytesOut),
            InFlight = InFlight,
            LatencySumMs = Volatile.Read(ref _latencySumTicks) * 1000.0 / Stopwatch.Frequency,
            RateLimited = Volatile.Read(ref _rateLimited),
            CacheHits = Volatile.Read(ref _cacheHits),
            CacheMisses = Volatile.Read(ref _cacheMisses),
            Retries = Volatile.Read(ref _retries),
            LatencyBucketsMs = [.. BucketBoundsMs, 0],
        };
        for (var i = 1; i <= 5; i++)
        {
            traffic.Status[$"{i}xx"] = Volatile.Read(ref _status[i]);
        }
        foreach (ref var count in _buckets.AsSpan())
        {
            traffic.LatencyCounts.Add(Volatile.Read(ref count));
        }
        return traffic;
    }
}
