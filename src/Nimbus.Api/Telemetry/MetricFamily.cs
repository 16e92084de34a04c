using System.Globalization;
using System.Text;

namespace Nimbus.Api.Telemetry;

/// <summary>One Prometheus metric family being written: every series of every instrument with that name. Two
/// instruments of one name (two hosts in one process, as in `nimbus up` and in tests) whose series carry the same
/// labels are added together, so the exposition never has a duplicate series.</summary>
internal sealed class MetricFamily(string name, PrometheusType type, string? help)
{
    private readonly Dictionary<string, Sample> _samples = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public string Name { get; } = name;

    public PrometheusType Type { get; } = type;

    public void Add(TagSet tags, double value)
    {
        var sample = For(tags, buckets: 0);
        sample.Value += value;
    }

    public void AddHistogram(TagSet tags, double[] bounds, long[] counts, double sum)
    {
        var sample = For(tags, counts.Length);
        if (sample.Bounds is not null && !sample.Bounds.AsSpan().SequenceEqual(bounds))
        {
            return; // same name and labels, different buckets: keep the first rather than write a wrong sum
        }
        sample.Bounds = bounds;
        for (var i = 0; i < counts.Length; i++)
        {
            sample.Counts![i] += counts[i];
        }
        sample.Value += sum;
    }

    public void WriteTo(StringBuilder text)
    {
        if (_order.Count == 0)
        {
            return;
        }
        if (!string.IsNullOrEmpty(help))
        {
            text.Append("# HELP ").Append(Name).Append(' ');
            AppendEscaped(text, help, quoted: false);
            text.Append('\n');
        }
        text.Append("# TYPE ").Append(Name).Append(' ').Append(Type switch
        {
            PrometheusType.Counter => "counter",
            PrometheusType.Histogram => "histogram",
            _ => "gauge",
        }).Append('\n');
        // Sorted by labels: the same series in the same place at every scrape, whatever order they were made in.
        _order.Sort(StringComparer.Ordinal);
        foreach (var labels in _order)
        {
            var sample = _samples[labels];
            if (Type != PrometheusType.Histogram)
            {
                AppendSample(text, Name, labels, null, sample.Value);
                continue;
            }
            long cumulative = 0;
            for (var i = 0; i < sample.Counts!.Length; i++)
            {
                cumulative += sample.Counts[i];
                var le = i < sample.Bounds!.Length ? Format(sample.Bounds[i]) : "+Inf";
                AppendSample(text, Name + "_bucket", labels, le, cumulative);
            }
            AppendSample(text, Name + "_sum", labels, null, sample.Value);
            AppendSample(text, Name + "_count", labels, null, cumulative);
        }
    }

    private Sample For(TagSet tags, int buckets)
    {
        var labels = Labels(tags);
        if (!_samples.TryGetValue(labels, out var sample))
        {
            sample = new Sample { Counts = buckets > 0 ? new long[buckets] : null };
            _samples.Add(labels, sample);
            _order.Add(labels);
        }
        return sample;
    }

    private static string Labels(TagSet tags)
    {
        var text = new StringBuilder();
        foreach (var tag in tags.Tags)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(PrometheusNames.Label(tag.Key)).Append("=\"");
            AppendEscaped(text, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "", quoted: true);
            text.Append('"');
        }
        return text.ToString();
    }

    private static void AppendSample(StringBuilder text, string name, string labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
            }
            text.Append('}');
        }
        text.Append(' ').Append(Format(value)).Append('\n');
    }

    /// <summary>Go's float syntax, which Prometheus parses: integers without a point, +Inf/-Inf/NaN spelled its way.</summary>
    internal static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ when value == Math.Floor(value) && Math.Abs(value) < 1e15 => ((long)value).ToString(CultureInfo.InvariantCulture),
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Label values escape backslash, double quote and newline; HELP text backslash and newline.</summary>
    private static void AppendEscaped(StringBuilder text, string value, bool quoted)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                case '"' when quoted:
                    text.Append("\\\"");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
    }

    private sealed class Sample
    {
        public double Value;
        public long[]? Counts;
        public double[]? Bounds;
    }
}
