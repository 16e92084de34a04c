using Nimbus.Api.Contracts;

namespace Nimbus.ControlPlane.Telemetry.Traces;

/// <summary>The spans of one OTLP export as the API shows them, and how many were turned away (no valid ids, past the
/// bounds) — OTLP's partial success. Both encodings (protobuf, JSON) read into it.</summary>
internal sealed class OtlpBatch
{
    private static readonly string[] Kinds = ["internal", "internal", "server", "client", "producer", "consumer"];

    public List<TraceSpan> Spans { get; } = [];
    public int Rejected { get; private set; }

    /// <summary>Adds a span unless its ids are not valid (the trace id must be 16 bytes, the span id 8, neither all zero).</summary>
    public void Add(ReadOnlySpan<byte> traceId, ReadOnlySpan<byte> spanId, ReadOnlySpan<byte> parentSpanId, TraceSpan span)
    {
        if (Spans.Count >= OtlpLimits.MaxSpansPerExport || traceId.Length != 16 || spanId.Length != 8 ||
            traceId.IndexOfAnyExcept((byte)0) < 0 || spanId.IndexOfAnyExcept((byte)0) < 0 ||
            (parentSpanId.Length != 0 && parentSpanId.Length != 8))
        {
            Rejected++;
            return;
        }
        span.TraceId = Convert.ToHexStringLower(traceId);
        span.SpanId = Convert.ToHexStringLower(spanId);
        span.ParentSpanId = parentSpanId.Length == 0 || parentSpanId.IndexOfAnyExcept((byte)0) < 0 ? "" : Convert.ToHexStringLower(parentSpanId);
        span.Name = OtlpLimits.Cut(span.Name, OtlpLimits.MaxName);
        Spans.Add(span);
    }

    public void Reject() => Rejected++;

    /// <summary>Marks the spans as sent by an app (its trace token said which): keys under <c>nimbus.</c> are Nimbus's own
    /// (the edge's steps, the app a span came from), so the app's go, and its service name goes under the app's name, so
    /// its spans cannot pass for another app's or an edge's.</summary>
    public void SentBy(string app)
    {
        foreach (var span in Spans)
        {
            foreach (var key in span.Attributes.Keys.Where(k => k.StartsWith("nimbus.", StringComparison.Ordinal)).ToList())
            {
                span.Attributes.Remove(key);
            }
            span.Attributes["nimbus.app"] = app;
            span.Service = span.Service.Length == 0 || span.Service == app ? app : $"{app}/{span.Service}";
        }
    }

    public static string Kind(long kind) => kind is >= 0 and < 6 ? Kinds[kind] : "internal";

    public static string Status(long code) => code switch
    {
        1 => "ok",
        2 => "error",
        _ => "",
    };

    /// <summary>Adds an attribute within the bounds: the first ones win, values are cut, and all of a span's attributes
    /// together stay under <see cref="OtlpLimits.MaxAttributeChars"/>.</summary>
    public static void Attribute(Dictionary<string, string> attributes, string key, string value)
    {
        if (attributes.Count >= OtlpLimits.MaxAttributes || key.Length is 0 or > OtlpLimits.MaxName)
        {
            return;
        }
        var used = 0;
        foreach (var (k, v) in attributes)
        {
            used += k.Length + v.Length;
        }
        var room = OtlpLimits.MaxAttributeChars - used - key.Length;
        if (room > 0)
        {
            attributes.TryAdd(OtlpLimits.Cut(key, OtlpLimits.MaxName), OtlpLimits.Cut(value, Math.Min(OtlpLimits.MaxValue, room)));
        }
    }
}
