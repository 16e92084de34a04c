using Nimbus.Edge.Cache;
using Nimbus.Edge.Proxy;

namespace Nimbus.Edge.Tracing;

/// <summary>The steps of one request through the edge (Stopwatch timestamps; 0 = did not happen): what a
/// <see cref="RequestTimeline"/> fills in as the request goes and a <see cref="TraceRecord"/> keeps — one struct, so
/// recording a request copies it at once.</summary>
internal struct RequestSteps
{
    public const int MaxTries = 2;

    public long Start;
    /// <summary>Unix time of <see cref="Start"/>; every other step is an offset from <see cref="Start"/>.</summary>
    public long StartUnixNano;
    public TraceContext Trace;
    /// <summary>The client's span (the parent of the edge's), 0 when the edge started the trace.</summary>
    public ulong ClientSpan;
    /// <summary>The lookup of the request's host name at the edge's DNS server that the request followed (0: none seen).</summary>
    public long DnsStart;
    public long DnsEnd;
    public ushort DnsType;
    public long CacheStart;
    public long CacheEnd;
    public CacheLookupKind? Cache;
    public UpstreamTry Try0;
    public UpstreamTry Try1;
    public int Tries;
    /// <summary>More tries than there is room for were picked: the marks of those are dropped, not put on another try.</summary>
    public bool Overflow;

    /// <summary>The Unix time of one of the timestamps (an offset from <see cref="Start"/>).</summary>
    public readonly long UnixNano(long timestamp) => StartUnixNano + EdgeClock.Nanoseconds(timestamp - Start);
}
