using System.Diagnostics.Metrics;
using System.Text;

namespace Nimbus.Api.Telemetry;

/// <summary>Maps System.Diagnostics.Metrics names and units to Prometheus metric and label names, the way the
/// OpenTelemetry-to-Prometheus compatibility rules do: dots become underscores, the unit becomes a suffix
/// (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>, annotations like <c>{request}</c> are dropped) and a
/// counter ends in <c>_total</c>.</summary>
public static class PrometheusNames
{
    public static string Metric(Instrument instrument, PrometheusType type)
    {
        var name = Sanitize(instrument.Name, allowColon: true);
        var suffix = UnitSuffix(instrument.Unit);
        if (suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }
        if (type == PrometheusType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }
        return name;
    }

    public static string Label(string key) => Sanitize(key, allowColon: false);

    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => "",
        "s" => "_seconds",
        "ms" => "_milliseconds",
        "us" => "_microseconds",
        "By" => "_bytes",
        "KiBy" => "_kibibytes",
        "MiBy" => "_mebibytes",
        "%" => "_percent",
        _ when unit.StartsWith('{') => "",
        _ => "_" + Sanitize(unit.Replace("/", "_per_", StringComparison.Ordinal), allowColon: false),
    };

    /// <summary>Prometheus allows [a-zA-Z_:][a-zA-Z0-9_:]* for metric names (no colon in label names): anything
    /// else becomes '_', runs of it collapse to one.</summary>
    private static string Sanitize(string value, bool allowColon)
    {
        var text = new StringBuilder(value.Length + 1);
        foreach (var c in value)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' || (allowColon && c == ':');
            if (ok)
            {
                text.Append(c);
            }
            else if (text.Length == 0 || text[^1] != '_')
            {
                text.Append('_');
            }
        }
        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }
        return text.ToString();
    }
}
