using System.Diagnostics;

namespace Nimbus.Bench.S3Load;

/// <summary>One worker's request latencies in <see cref="Stopwatch"/> ticks; merged once at the end, never shared
/// while the load runs.</summary>
internal sealed class Latencies
{
    private long[] _ticks = new long[4096];

    public int Count { get; private set; }

    public void Add(long ticks)
    {
        if (Count == _ticks.Length)
        {
            Array.Resize(ref _ticks, _ticks.Length * 2);
        }
        _ticks[Count++] = ticks;
    }

    public void Clear() => Count = 0;

    /// <summary>The p50 and p99 of every worker's latencies together, in milliseconds (0 when there are none).</summary>
    public static (double P50, double P99) Percentiles(IReadOnlyList<Latencies> workers)
    {
        var total = 0;
        foreach (var w in workers)
        {
            total += w.Count;
        }
        if (total == 0)
        {
            return (0, 0);
        }
        var all = new long[total];
        var at = 0;
        foreach (var w in workers)
        {
            Array.Copy(w._ticks, 0, all, at, w.Count);
            at += w.Count;
        }
        Array.Sort(all);
        return (ToMs(all[Rank(total, 0.50)]), ToMs(all[Rank(total, 0.99)]));
    }

    // Nearest-rank percentile: the smallest value with at least p of the samples at or below it.
    private static int Rank(int n, double p) => Math.Clamp((int)Math.Ceiling(p * n) - 1, 0, n - 1);

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
