using System.Globalization;
using Nimbus.Api.Contracts;
using Nimbus.Edge.Cache;
using Nimbus.Edge.Proxy;

namespace Nimbus.Edge.Tracing;

/// <summary>A recorded request as spans: the edge's own span (the parent the instance was told), with children for the
/// cache lookup, each load-balancer pick, and each try on an instance (connect, time to first byte, response). Child
/// span ids are derived from the edge's span id, so asking twice gives the same trace.</summary>
internal static class EdgeSpans
{
    public static TraceSummary Summary(TraceRecord record, string edge) => new()
    {
        TraceId = record.TraceId,
        RequestId = record.Text.RequestId,
        App = record.App,
        Edge = edge,
        Method = record.Text.MethodText,
        Target = record.Text.TargetText,
        Status = record.Status,
        Instance = record.Steps.Tries > 0 ? record.LastTry.Destination?.Instance ?? "" : "",
        StartUnixNano = record.Steps.StartUnixNano,
        DurationNano = EdgeClock.Nanoseconds(record.End - record.Steps.Start),
    };

    public static List<TraceSpan> For(TraceRecord record, string edge)
    {
        var service = "edge:" + edge;
        var rootId = record.Steps.Trace.SpanId;
        var spans = new List<TraceSpan>(8);
        var root = Span(record, service, rootId, record.Steps.ClientSpan, $"{record.Text.MethodText} {record.App}", "server", record.Steps.Start, record.End);
        root.Status = record.Status >= 500 ? "error" : "ok";
        root.Attributes["http.request.method"] = record.Text.MethodText;
        root.Attributes["url.path"] = record.Text.TargetText;
        root.Attributes["http.response.status_code"] = record.Status.ToString(CultureInfo.InvariantCulture);
        root.Attributes["nimbus.app"] = record.App;
        root.Attributes["nimbus.request_id"] = record.Text.RequestId;
        root.Attributes["client.address"] = record.Text.ClientText;
        root.Attributes["nimbus.bytes_in"] = record.BytesIn.ToString(CultureInfo.InvariantCulture);
        root.Attributes["nimbus.bytes_out"] = record.BytesOut.ToString(CultureInfo.InvariantCulture);
        spans.Add(root);
        var child = 0;
        if (record.Steps.DnsEnd != 0)
        {
            // Before the request itself: the client looked the name up, then connected.
            var dns = Span(record, service, ChildId(rootId, ++child), rootId, "dns lookup", "internal", record.Steps.DnsStart, record.Steps.DnsEnd);
            dns.Attributes["dns.question.name"] = HostName(record.Text.HostText);
            dns.Attributes["dns.question.type"] = record.Steps.DnsType switch { 1 => "A", 28 => "AAAA", 255 => "ANY", var t => t.ToString(CultureInfo.InvariantCulture) };
            spans.Add(dns);
        }
        if (record.Steps.Cache is { } cache)
        {
            var lookup = Span(record, service, ChildId(rootId, ++child), rootId, "cache lookup", "internal", record.Steps.CacheStart, record.Steps.CacheEnd);
            lookup.Attributes["nimbus.cache.result"] = CacheResult(cache);
            spans.Add(lookup);
        }
        for (var i = 0; i < record.Steps.Tries; i++)
        {
            ref readonly var attempt = ref i == 0 ? ref record.Steps.Try0 : ref record.Steps.Try1;
            AddTry(spans, record, attempt, service, rootId, ref child, i);
        }
        return spans;
    }

    private static void AddTry(List<TraceSpan> spans, TraceRecord record, in UpstreamTry attempt, string service, ulong rootId, ref int child, int index)
    {
        var instance = attempt.Destination?.Instance ?? "";
        var pick = Span(record, service, ChildId(rootId, ++child), rootId, "load balancer pick", "internal", attempt.PickStart, attempt.PickEnd);
        pick.Attributes["nimbus.instance"] = instance;
        pick.Attributes["nimbus.lb.reason"] = attempt.Pick.Describe(record.PolicyName);
        spans.Add(pick);
        var begun = attempt.ConnectStart != 0 ? attempt.ConnectStart : attempt.PickEnd;
        var end = attempt.End != 0 ? attempt.End : record.End;
        var upstreamId = ChildId(rootId, ++child);
        var upstream = Span(record, service, upstreamId, rootId, "upstream " + instance, "client", begun, end);
        upstream.Attributes["nimbus.instance"] = instance;
        upstream.Attributes["server.address"] = attempt.Destination?.Address ?? "";
        upstream.Attributes["nimbus.try"] = (index + 1).ToString(CultureInfo.InvariantCulture);
        if (attempt.Status != 0)
        {
            upstream.Attributes["http.response.status_code"] = attempt.Status.ToString(CultureInfo.InvariantCulture);
        }
        upstream.Status = attempt.Error is ForwardError.None ? "ok" : "error";
        if (attempt.Error is not ForwardError.None)
        {
            upstream.Attributes["error.type"] = EdgeResponses.ErrorKind(attempt.Error);
        }
        spans.Add(upstream);
        if (attempt.ConnectEnd != 0 && !attempt.Reused)
        {
            spans.Add(Span(record, service, ChildId(rootId, ++child), upstreamId, "connect", "internal", attempt.ConnectStart, attempt.ConnectEnd));
        }
        var waitFrom = attempt.Sent != 0 ? attempt.Sent : attempt.ConnectEnd;
        if (waitFrom != 0 && attempt.FirstByte != 0)
        {
            spans.Add(Span(record, service, ChildId(rootId, ++child), upstreamId, "time to first byte", "internal", waitFrom, attempt.FirstByte));
            var response = Span(record, service, ChildId(rootId, ++child), upstreamId, "response", "internal", attempt.FirstByte, end);
            response.Attributes["nimbus.bytes_out"] = record.BytesOut.ToString(CultureInfo.InvariantCulture);
            spans.Add(response);
        }
    }

    private static TraceSpan Span(TraceRecord record, string service, ulong id, ulong parent, string name, string kind, long start, long end) => new()
    {
        TraceId = record.TraceId,
        SpanId = Hex(id),
        ParentSpanId = parent == 0 ? "" : Hex(parent),
        Name = name,
        Service = service,
        Kind = kind,
        StartUnixNano = record.Steps.UnixNano(start),
        EndUnixNano = record.Steps.UnixNano(Math.Max(start, end)),
    };

    /// <summary>A child's span id: the edge's span id mixed with the child's number (SplitMix64), never 0.</summary>
    public static ulong ChildId(ulong root, int child)
    {
        var z = root + ((ulong)child * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return z == 0 ? 1 : z;
    }

    private static string HostName(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon >= 0 && host.IndexOf(']', StringComparison.Ordinal) < colon ? host[..colon] : host;
    }

    public static string Hex(ulong id) => id.ToString("x16", CultureInfo.InvariantCulture);

    private static string CacheResult(CacheLookupKind kind) => kind switch
    {
        CacheLookupKind.Hit => "hit",
        CacheLookupKind.Miss => "miss",
        CacheLookupKind.Revalidate => "revalidate",
        CacheLookupKind.GatewayTimeout => "only-if-cached miss",
        _ => "bypass",
    };
}
