using System.Globalization;
using System.Text.RegularExpressions;

namespace Nimbus.Api.Resources;

/// <summary>
/// Reads an alert rule: <c>METRIC OP VALUE [for DURATION]</c>, e.g. <c>p95 &gt; 500ms for 1m</c>, <c>errors &gt; 1</c>,
/// <c>cpu &gt;= 80%</c>, <c>mem &gt; 200Mi for 5m</c>, <c>rps &lt; 1 for 10m</c>. Values take the metric's unit: a
/// duration for p50/p95 (kept in ms), a percentage for cpu, a size for mem, a number otherwise.
/// </summary>
public static partial class AlertRule
{
    public static readonly string[] Metrics = ["rps", "errors", "p50", "p95", "inflight", "cpu", "mem"];
    public static readonly TimeSpan MaxFor = TimeSpan.FromHours(24);

    [GeneratedRegex(@"^\s*(?<metric>[a-z0-9]+)\s*(?<op>>=|<=|>|<)\s*(?<value>\S+)(\s+for\s+(?<for>\S+))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>Fills metric, operator, threshold and for of <paramref name="spec"/> from <paramref name="rule"/>; null
    /// when it reads, else what is wrong.</summary>
    public static string? TryParse(string rule, AlertSpec spec)
    {
        if (rule.Length > 200 || Shape().Match(rule) is not { Success: true } match)
        {
            return $"'{rule}' is not a rule: write METRIC OP VALUE [for DURATION], e.g. 'p95 > 500ms for 1m' or 'errors > 1'";
        }
        var metric = match.Groups["metric"].Value;
        if (Array.IndexOf(Metrics, metric) < 0)
        {
            return $"'{metric}' is not a metric; use one of {string.Join(", ", Metrics)}";
        }
        var text = match.Groups["value"].Value;
        double? threshold = metric switch
        {
            "p50" or "p95" => Quantities.TryParseDuration(text, out var latency) ? latency.TotalMilliseconds : null,
            "cpu" => double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) ? percent : null,
            "mem" => Quantities.TryParseBytes(text, out var bytes) ? bytes : null,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null,
        };
        if (threshold is not { } value || !double.IsFinite(value) || value < 0)
        {
            var expected = metric switch
            {
                "p50" or "p95" => "a duration such as 500ms or 2s",
                "cpu" => "a percentage of one core such as 80%",
                "mem" => "a size such as 200Mi or 1Gi",
                _ => "a number such as 10 or 0.5",
            };
            return $"'{text}' is not a value for {metric}: expected {expected}";
        }
        var forText = match.Groups["for"];
        var holdFor = TimeSpan.Zero;
        if (forText.Success && (!Quantities.TryParseDuration(forText.Value, out holdFor) || holdFor < TimeSpan.Zero || holdFor > MaxFor))
        {
            return $"'for {forText.Value}': expected a duration from 0s to 24h, e.g. 'for 1m'";
        }
        spec.Metric = metric;
        spec.Operator = match.Groups["op"].Value;
        spec.Threshold = value;
        spec.For = holdFor;
        spec.Rule = rule.Trim();
        return null;
    }

    public static bool Holds(string op, double value, double threshold) => op switch
    {
        ">" => value > threshold,
        ">=" => value >= threshold,
        "<" => value < threshold,
        "<=" => value <= threshold,
        _ => false,
    };
}
