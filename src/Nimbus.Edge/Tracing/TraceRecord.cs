using Nimbus.Edge.Cache;
using Nimbus.Edge.Proxy;

namespace Nimbus.Edge.Tracing;

/// <summary>One finished request as the <see cref="TraceRing"/> keeps it: the timeline's steps and text, copied into a
/// slot allocated once.</summary>
internal sealed class TraceRecord
{
    /// <summary>The ring's sequence lock: odd while a writer fills the slot.</summary>
    internal long Version;
    internal int Writing;

    /// <summary>Which request this is (0, 1, 2 … in the order they were recorded at this edge); -1 before the first.</summary>
    public long Sequence = -1;
    public string App = "";
    /// <summary>The app's load-balancing policy (p2c, round_robin, least_requests).</summary>
    public string PolicyName = "";
    public long End;
    public int Status;
    public long BytesIn;
    public long BytesOut;
    public long Start;
    public long StartUnixNano;
    public TraceContext Trace;
    public ulong ClientSpan;
    public long DnsStart;
    public long DnsEnd;
    public ushort DnsType;
    public long CacheStart;
    public long CacheEnd;
    public CacheLookupKind? Cache;
    public UpstreamTry Try0;
    public UpstreamTry Try1;
    public int Tries;
    public readonly RequestText Text = new();

    public string TraceId => Trace.TraceId;

    /// <summary>The Unix time of one of the record's timestamps (an offset from its start).</summary>
    public long UnixNano(long timestamp) => StartUnixNano + EdgeClock.Nanoseconds(timestamp - Start);

    public ref readonly UpstreamTry LastTry => ref Tries <= 1 ? ref Try0 : ref Try1;

    public void Fill(RequestTimeline timeline, Routing.AppRoute route, int status, long end, long bytesIn, long bytesOut)
    {
        App = route.App;
        PolicyName = route.Policy.Name;
        Status = status;
        End = end;
        BytesIn = bytesIn;
        BytesOut = bytesOut;
        Start = timeline.Start;
        StartUnixNano = timeline.StartUnixNano;
        Trace = timeline.Trace;
        ClientSpan = timeline.ClientSpan;
        DnsStart = timeline.DnsStart;
        DnsEnd = timeline.DnsEnd;
        DnsType = timeline.DnsType;
        CacheStart = timeline.CacheStart;
        CacheEnd = timeline.CacheEnd;
        Cache = timeline.Cache;
        Try0 = timeline.Try0;
        Try1 = timeline.Try1;
        Tries = timeline.Tries;
        timeline.Text.CopyTo(Text);
    }

    public void CopyTo(TraceRecord copy)
    {
        copy.Sequence = Sequence;
        copy.App = App;
        copy.PolicyName = PolicyName;
        copy.End = End;
        copy.Status = Status;
        copy.BytesIn = BytesIn;
        copy.BytesOut = BytesOut;
        copy.Start = Start;
        copy.StartUnixNano = StartUnixNano;
        copy.Trace = Trace;
        copy.ClientSpan = ClientSpan;
        copy.DnsStart = DnsStart;
        copy.DnsEnd = DnsEnd;
        copy.DnsType = DnsType;
        copy.CacheStart = CacheStart;
        copy.CacheEnd = CacheEnd;
        copy.Cache = Cache;
        copy.Try0 = Try0;
        copy.Try1 = Try1;
        copy.Tries = Tries;
        Text.CopyTo(copy.Text);
    }
}
