using System.Globalization;
using System.Text;
using Nimbus.Api.Contracts;

namespace Nimbus.Cli;

/// <summary>A trace as a waterfall: one line per span, children under their parent in start order, each with a bar
/// placed on the trace's time line, its duration, and what it says (the instance picked and why, the cache's answer,
/// the status, who recorded it).</summary>
internal static class TraceWaterfall
{
    private const int NameWidth = 36;

    public static List<string> Render(TraceView trace, int barWidth)
    {
        var lines = new List<string>();
        if (trace.Spans.Count == 0)
        {
            return lines;
        }
        var start = trace.Spans.Min(s => s.StartUnixNano);
        var end = Math.Max(trace.Spans.Max(s => s.EndUnixNano), start + 1);
        var ids = trace.Spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = trace.Spans
            .GroupBy(s => ids.Contains(s.ParentSpanId) ? s.ParentSpanId : "")
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.StartUnixNano).ToList(), StringComparer.Ordinal);
        lines.Add($"trace {trace.TraceId}  {Duration(end - start)}  {trace.Spans.Count} spans");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (children.TryGetValue("", out var roots))
        {
            foreach (var root in roots)
            {
                Add(lines, root, null, 0, children, seen, start, end, barWidth);
            }
        }
        return lines;
    }

    private static void Add(List<string> lines, TraceSpan span, TraceSpan? parent, int depth, Dictionary<string, List<TraceSpan>> children,
        HashSet<string> seen, long start, long end, int barWidth)
    {
        if (!seen.Add(span.SpanId) || depth > 32)
        {
            return;
        }
        var name = new string(' ', depth * 2) + span.Name;
        name = name.Length > NameWidth ? name[..(NameWidth - 1)] + "…" : name.PadRight(NameWidth);
        lines.Add($"{name} {Bar(span, start, end, barWidth)} {Duration(span.EndUnixNano - span.StartUnixNano),9}  {Detail(span, parent)}".TrimEnd());
        if (children.TryGetValue(span.SpanId, out var list))
        {
            foreach (var child in list)
            {
                Add(lines, child, span, depth + 1, children, seen, start, end, barWidth);
            }
        }
    }

    /// <summary>The span's place on the time line: a bar of at least one cell.</summary>
    public static string Bar(TraceSpan span, long start, long end, int width)
    {
        var scale = (double)width / (end - start);
        var from = Math.Clamp((int)((span.StartUnixNano - start) * scale), 0, width - 1);
        var to = Math.Clamp((int)Math.Ceiling((span.EndUnixNano - start) * scale), from + 1, width);
        var bar = new StringBuilder(width);
        bar.Append(' ', from).Append('█', to - from).Append(' ', width - to);
        return bar.ToString();
    }

    public static string Duration(long nanoseconds) => nanoseconds switch
    {
        < 1_000_000 => (nanoseconds / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + " µs",
        < 1_000_000_000 => (nanoseconds / 1_000_000.0).ToString("0.##", CultureInfo.InvariantCulture) + " ms",
        _ => (nanoseconds / 1_000_000_000.0).ToString("0.###", CultureInfo.InvariantCulture) + " s",
    };

    private static string Detail(TraceSpan span, TraceSpan? parent)
    {
        var parts = new List<string>();
        var a = span.Attributes;
        if (a.TryGetValue("nimbus.lb.reason", out var reason))
        {
            parts.Add($"→ {a.GetValueOrDefault("nimbus.instance")} ({reason})");
        }
        if (a.TryGetValue("nimbus.cache.result", out var cache))
        {
            parts.Add(cache);
        }
        if (a.TryGetValue("http.response.status_code", out var status))
        {
            parts.Add(status);
        }
        if (a.TryGetValue("error.type", out var error))
        {
            parts.Add("error: " + error);
        }
        else if (span.Status == "error")
        {
            parts.Add("error");
        }
        if (parent is null || parent.Service != span.Service)
        {
            parts.Add("[" + span.Service + "]");
        }
        return string.Join("  ", parts);
    }
}
