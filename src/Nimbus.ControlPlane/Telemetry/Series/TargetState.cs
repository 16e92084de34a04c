using Nimbus.Api.Telemetry;

namespace Nimbus.ControlPlane.Telemetry.Series;

/// <summary>What one scrape target (an edge or a node agent) reported last time, so counters become rates: the
/// difference from the previous scrape over the time between them. A counter that went down was reset (the process
/// restarted) and counts from zero. A series' first value only sets its baseline (as Prometheus's rate() takes it): a
/// new instance's CPU since its start is not one second's use.</summary>
internal sealed class TargetState
{
    private Dictionary<string, double> _previous = new(StringComparer.Ordinal);
    private DateTimeOffset? _at;

    public static bool Wanted(string name) =>
        name.StartsWith("nimbus_edge_", StringComparison.Ordinal) || name.StartsWith("nimbus_instance_", StringComparison.Ordinal);

    public void Apply(List<PrometheusSample> samples, DateTimeOffset now, Func<string, AppAccumulator?> app)
    {
        var seconds = _at is { } at ? (now - at).TotalSeconds : 0;
        var current = new Dictionary<string, double>(samples.Count, StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            if (sample.Label("app") is not { } name || app(name) is not { } into)
            {
                continue;
            }
            switch (sample.Name)
            {
                case "nimbus_edge_requests_total":
                    var requests = Rate(current, sample, "code", seconds);
                    into.Rps += requests;
                    if (sample.Label("code") == "5xx")
                    {
                        into.Errors += requests;
                    }
                    break;
                case "nimbus_edge_request_duration_seconds_bucket":
                    if (double.TryParse(sample.Label("le") is "+Inf" ? "Infinity" : sample.Label("le"), System.Globalization.NumberStyles.Float,
                        System.Globalization.CultureInfo.InvariantCulture, out var le))
                    {
                        into.AddBucket(le, Delta(current, sample, "le", seconds));
                    }
                    break;
                case "nimbus_edge_requests_in_flight":
                    into.InFlight += sample.Value;
                    break;
                case "nimbus_instance_cpu_time_seconds_total":
                    into.CpuCores += Rate(current, sample, "instance", seconds);
                    break;
                case "nimbus_instance_memory_usage_bytes":
                    into.MemoryBytes += sample.Value;
                    break;
            }
        }
        _previous = current;
        _at = now;
    }

    /// <summary>Per second since the last scrape (0 on the first one).</summary>
    private double Rate(Dictionary<string, double> current, PrometheusSample sample, string label, double seconds)
    {
        var delta = Delta(current, sample, label, seconds);
        return seconds > 0 ? delta / seconds : 0;
    }

    /// <summary>The counter's increase since the last scrape (0 on the first one).</summary>
    private double Delta(Dictionary<string, double> current, PrometheusSample sample, string label, double seconds)
    {
        if (!double.IsFinite(sample.Value) || sample.Value < 0)
        {
            return 0; // not a counter value: neither counted nor kept as a baseline
        }
        var key = $"{sample.Name}|{sample.Label("app")}|{sample.Label(label)}";
        current[key] = sample.Value;
        if (seconds <= 0 || !_previous.TryGetValue(key, out var before))
        {
            return 0;
        }
        return sample.Value >= before ? sample.Value - before : sample.Value;
    }
}
