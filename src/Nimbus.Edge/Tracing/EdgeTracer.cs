using Nimbus.Edge.Proxy;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Tracing;

/// <summary>Where both request paths start and finish a request's trace: the trace context the instance is told, the
/// record in the ring, and (when an OTLP endpoint is set) the export.</summary>
internal sealed class EdgeTracer(EdgeOptions options, EdgeIdentity identity, TraceExport? export = null) : IDisposable
{
    public bool Enabled { get; } = options.Tracing;

    public TraceRing Ring { get; } = new(Math.Max(1, options.TraceCapacity));

    public string Edge => identity.Name;

    /// <summary>The DNS server's recent answers, joined to the requests that follow them.</summary>
    public DnsLookups DnsLookups { get; } = new();

    /// <summary>A timeline for a new request, or null when tracing is off.</summary>
    public RequestTimeline? NewTimeline() => Enabled ? new RequestTimeline() : null;

    /// <summary>The trace context the request goes on with, and the timeline (when there is one) begun.</summary>
    public TraceContext Begin(RequestTimeline? timeline, long start, TraceContext? incoming)
    {
        var trace = TraceContext.ForRequest(incoming);
        if (timeline is null)
        {
            return trace;
        }
        timeline.Begin(start, trace, incoming?.SpanId ?? 0);
        if (export?.Begin(timeline, incoming) is { } exported)
        {
            trace = exported;
            timeline.Trace = trace;
        }
        return trace;
    }

    /// <summary>Joins the DNS lookup (at this edge) that the request for <paramref name="host"/> followed, if any.</summary>
    public void JoinDns(RequestTimeline timeline, ulong client, ReadOnlySpan<byte> host)
    {
        if (DnsLookups.TryFind(client, host, timeline.Start, out var lookup))
        {
            (timeline.DnsStart, timeline.DnsEnd, timeline.DnsType) = (lookup.Start, lookup.End, lookup.Type);
        }
    }

    /// <inheritdoc cref="JoinDns(RequestTimeline, ulong, ReadOnlySpan{byte})"/>
    public void JoinDns(RequestTimeline timeline, ulong client, ReadOnlySpan<char> host)
    {
        if (DnsLookups.TryFind(client, host, timeline.Start, out var lookup))
        {
            (timeline.DnsStart, timeline.DnsEnd, timeline.DnsType) = (lookup.Start, lookup.End, lookup.Type);
        }
    }

    /// <summary>Records the finished request (its text already set on the timeline) and ends its exported span.</summary>
    public void End(RequestTimeline? timeline, AppRoute route, int status, long bytesIn, long bytesOut)
    {
        if (timeline is null)
        {
            return;
        }
        if (timeline.Activity is not { } activity)
        {
            Ring.Record(timeline, route, status, bytesIn, bytesOut);
            return;
        }
        timeline.Activity = null;
        Ring.Record(timeline, route, status, bytesIn, bytesOut, record => export!.End(activity, record, Edge));
    }

    public void Dispose() => export?.Dispose();
}
