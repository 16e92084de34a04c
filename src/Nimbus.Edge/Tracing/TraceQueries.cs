using System.Globalization;
using Nimbus.Api.Contracts;

namespace Nimbus.Edge.Tracing;

/// <summary>What the edge's admin endpoint answers about traces, read from the ring.</summary>
internal static class TraceQueries
{
    public const int MaxLimit = 1000;

    /// <summary>The newest requests (of one app, when given), newest first.</summary>
    public static TraceList Recent(EdgeTracer tracer, string? app, int limit)
    {
        var records = tracer.Ring.Read(r => app is null || r.App == app, Math.Clamp(limit, 1, MaxLimit));
        return new TraceList { Edges = 1, EdgesAsked = 1, Traces = records.ConvertAll(r => EdgeSpans.Summary(r, tracer.Edge)) };
    }

    /// <summary>Every span this edge has of a trace, found by its trace id (32 hex digits) or by a request id.</summary>
    public static TraceView Find(EdgeTracer tracer, string id)
    {
        List<TraceRecord> records;
        if (TryParseTraceId(id, out var high, out var low))
        {
            records = tracer.Ring.Read(r => r.Steps.Trace.TraceHigh == high && r.Steps.Trace.TraceLow == low, MaxLimit);
        }
        else
        {
            var byRequest = tracer.Ring.Read(r => r.Text.RequestId == id, 1);
            if (byRequest.Count == 0)
            {
                return new TraceView { Edges = 1, EdgesAsked = 1 };
            }
            var trace = byRequest[0].Steps.Trace;
            records = tracer.Ring.Read(r => r.Steps.Trace.TraceHigh == trace.TraceHigh && r.Steps.Trace.TraceLow == trace.TraceLow, MaxLimit);
        }
        var view = new TraceView { Edges = 1, EdgesAsked = 1, TraceId = records.Count > 0 ? records[0].TraceId : "" };
        foreach (var record in records)
        {
            view.Spans.AddRange(EdgeSpans.For(record, tracer.Edge));
        }
        return view;
    }

    public static bool TryParseTraceId(string id, out ulong high, out ulong low)
    {
        high = low = 0;
        return id.Length == 32 && id.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0 &&
            ulong.TryParse(id.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out high) &&
            ulong.TryParse(id.AsSpan(16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out low);
    }
}
