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

    public static string Kind(long kind) => kind is >= 0 and < 6 ? Kinds[kind] : "internal";

    public static string Status(long code) => code switch
    {
        1 => "ok",
        2 => "error",
        _ => "",
    };

    /// <summary>Adds an attribute within the bounds (the first ones win; values are cut).</summary>
    public static void Attribute(Dictionary<string, string> attributes, string key, string value)
    {
        if (attributes.Count < OtlpLimits.MaxAttributes && key.Length is > 0 and <= OtlpLimits.MaxName)
        {
            attributes.TryAdd(key, OtlpLimits.Cut(value, OtlpLimits.MaxValue));
        }
    }
}
