using System.Diagnostics;

namespace Nimbus.Edge.Tracing;

/// <summary>Stopwatch timestamps (what the request path takes: cheap, monotonic) turned into Unix time for spans, from
/// one pair of readings taken when the edge started.</summary>
internal static class EdgeClock
{
    private static readonly long BaseTimestamp = Stopwatch.GetTimestamp();
    private static readonly long BaseUnixNano = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    public static long UnixNano(long timestamp) =>
        BaseUnixNano + (long)((timestamp - BaseTimestamp) * (1_000_000_000.0 / Stopwatch.Frequency));

    public static long Nanoseconds(long ticks) => (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));
}
