using System.Globalization;
using System.Text;

namespace Nimbus.Bench.S3Load;

/// <summary>What one run measured, printed as the single <c>key=value</c> line bench/s3.sh parses.</summary>
internal sealed record LoadResult(
    LoadOptions Options, long Ops, long Bytes, TimeSpan Elapsed, double P50Ms, double P99Ms, long Errors)
{
    /// <summary>ListObjectsV2 only: keys seen over every pass (<see cref="Ops"/> counts pages).</summary>
    public long Keys { get; init; }

    /// <summary>CPU of <c>--server-pid</c> during the measured phase, % of one core.</summary>
    public double? ServerCpuPercent { get; init; }

    /// <summary>CPU of this client during the measured phase, % of one core.</summary>
    public double ClientCpuPercent { get; init; }

    public string ToLine()
    {
        var seconds = Elapsed.TotalSeconds;
        var line = new StringBuilder(256);
        var inv = CultureInfo.InvariantCulture;
        line.Append(inv, $"s3load mode={Options.Mode} client={Options.Client}");
        if (Options.Mode is "put" or "get")
        {
            line.Append(inv, $" size={Options.Size}");
        }
        line.Append(inv, $" concurrency={Options.Concurrency} ops={Ops} bytes={Bytes}");
        line.Append(inv, $" seconds={seconds:F3} ops_per_s={Ops / seconds:F1} mib_per_s={Bytes / seconds / (1 << 20):F2}");
        line.Append(inv, $" p50_ms={P50Ms:F3} p99_ms={P99Ms:F3} errors={Errors}");
        if (Options.Mode == "list")
        {
            line.Append(inv, $" keys={Keys} keys_per_s={Keys / seconds:F0}");
        }
        if (ServerCpuPercent is { } cpu)
        {
            line.Append(inv, $" server_cpu_pct={cpu:F0}");
        }
        line.Append(inv, $" client_cpu_pct={ClientCpuPercent:F0}");
        return line.ToString();
    }
}
