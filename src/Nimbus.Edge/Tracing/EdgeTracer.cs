using System.Collections.Concurrent;
using System.Diagnostics;
using Nimbus.Edge.Proxy;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Tracing;

/// <summary>Where both request paths start and finish a request's trace: the trace context the instance is told, the
/// record in the ring, and (when an OTLP endpoint is set) the export.</summary>
internal sealed class EdgeTracer : IDisposable
{
    /// <summary>Timelines kept for reuse by the Kestrel path (one per request in flight there, up to this many).</summary>
    private const int PoolSize = 256;

    private readonly TraceExport? _export;
    private readonly EdgeIdentity _identity;
    private readonly ConcurrentQueue<RequestTimeline> _pool = new();
    private readonly ITimer? _clock;

    public EdgeTracer(EdgeOptions options, EdgeIdentity identity, TraceExport? export = null)
    {
        _identity = identity;
        _export = export;
        Enabled = options.Tracing;
        // Tracing off: no ring to fill (the admin endpoint and the access log then have nothing to show).
        Ring = new TraceRing(Enabled ? Math.Max(1, options.TraceCapacity) : 1);
        _clock = Enabled ? TimeProvider.System.CreateTimer(static _ => EdgeClock.Refresh(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) : null;
    }

    public bool Enabled { get; }

    public TraceRing Ring { get; }

    public string Edge => _identity.Name;

    /// <summary>The DNS server's recent answers, joined to the requests that follow them.</summary>
    public DnsLookups DnsLookups { get; } = new();

    /// <summary>A timeline for a new request (kept for the connection's life by the front), or null when tracing is off.</summary>
    public RequestTimeline? NewTimeline() => Enabled ? new RequestTimeline() : null;

    /// <summary>A timeline for one Kestrel request, from the pool; give it back with <see cref="Return"/>.</summary>
    public RequestTimeline? RentTimeline() => !Enabled ? null : _pool.TryDequeue(out var timeline) ? timeline : new RequestTimeline();

    public void Return(RequestTimeline? timeline)
    {
        if (timeline is not null && _pool.Count < PoolSize)
        {
            _pool.Enqueue(timeline);
        }
    }

    /// <summary>The trace context the request goes on with, and the timeline (when there is one) begun.</summary>
    public TraceContext Begin(RequestTimeline? timeline, long start, TraceContext? incoming)
    {
        var trace = TraceContext.ForRequest(incoming);
        if (timeline is null)
        {
            return trace;
        }
        timeline.Begin(start, trace, incoming?.SpanId ?? 0);
        if (_export?.Begin(timeline, incoming) is { } exported)
        {
            trace = exported;
            timeline.Steps.Trace = trace;
        }
        return trace;
    }

    /// <summary>Joins the DNS lookup (at this edge) that the request for <paramref name="host"/> followed, if any.</summary>
    public void JoinDns(RequestTimeline timeline, ulong client, ReadOnlySpan<byte> host)
    {
        if (DnsLookups.TryFind(client, host, timeline.Steps.Start, out var lookup))
        {
            (timeline.Steps.DnsStart, timeline.Steps.DnsEnd, timeline.Steps.DnsType) = (lookup.Start, lookup.End, lookup.Type);
        }
    }

    /// <inheritdoc cref="JoinDns(RequestTimeline, ulong, ReadOnlySpan{byte})"/>
    public void JoinDns(RequestTimeline timeline, ulong client, ReadOnlySpan<char> host)
    {
        if (DnsLookups.TryFind(client, host, timeline.Steps.Start, out var lookup))
        {
            (timeline.Steps.DnsStart, timeline.Steps.DnsEnd, timeline.Steps.DnsType) = (lookup.Start, lookup.End, lookup.Type);
        }
    }

    /// <summary>Records the finished request (its text already set on the timeline) and ends its exported span.</summary>
    public void End(RequestTimeline? timeline, AppRoute route, int status, long bytesIn, long bytesOut, long end)
    {
        if (timeline is null)
        {
            return;
        }
        Ring.Record(timeline, route, status, end, bytesIn, bytesOut);
        if (timeline.Activity is { } activity)
        {
            timeline.Activity = null;
            _export!.End(activity, timeline, route, status, end, Edge);
        }
    }

    public void Dispose()
    {
        _clock?.Dispose();
        _export?.Dispose();
    }
}
