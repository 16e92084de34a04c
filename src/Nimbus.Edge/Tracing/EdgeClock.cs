using System.Diagnostics;

namespace Nimbus.Edge.Tracing;

/// <summary>Stopwatch timestamps (what the request path takes: cheap, monotonic) turned into Unix time for spans. The
/// pair of readings it converts with is taken again by <see cref="Refresh"/> (the tracer calls it every second), so a
/// wall clock that was stepped (NTP) or a machine that slept (the monotonic clock stops) does not shift later requests;
/// each request keeps the Unix time of its start, and its steps are offsets from it.</summary>
internal static class EdgeClock
{
    private static Reference _reference = Reference.Now();

    public static long UnixNano(long timestamp)
    {
        var reference = Volatile.Read(ref _reference);
        return reference.UnixNano + Nanoseconds(timestamp - reference.Timestamp);
    }

    public static long Nanoseconds(long ticks) => (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));

    /// <summary>Takes a new pair of readings when the two clocks have drifted apart by more than a millisecond.</summary>
    public static void Refresh()
    {
        var now = Reference.Now();
        if (Math.Abs(UnixNano(now.Timestamp) - now.UnixNano) > 1_000_000)
        {
            Volatile.Write(ref _reference, now);
        }
    }

    private sealed record Reference(long Timestamp, long UnixNano)
    {
        public static Reference Now() => new(Stopwatch.GetTimestamp(), (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);
    }
}
