namespace Nimbus.Api.Contracts;

/// <summary>One span of a trace, as the API shows it: the edge's own spans and the spans apps sent over OTLP look the
/// same. Ids are lower-case hex (W3C): 32 digits for the trace, 16 for a span; no parent = a root.</summary>
public sealed class TraceSpan
{
    public string TraceId { get; set; } = "";
    public string SpanId { get; set; } = "";
    public string ParentSpanId { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Who recorded it: "edge:NAME", or an app's service.name.</summary>
    public string Service { get; set; } = "";
    /// <summary>server, client, internal, producer, consumer.</summary>
    public string Kind { get; set; } = "internal";
    public long StartUnixNano { get; set; }
    public long EndUnixNano { get; set; }
    /// <summary>"" (unset), "ok" or "error".</summary>
    public string Status { get; set; } = "";
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One request an edge saw, the line `nimbus trace` lists and picks from.</summary>
public sealed class TraceSummary
{
    public string TraceId { get; set; } = "";
    public string RequestId { get; set; } = "";
    public string App { get; set; } = "";
    public string Edge { get; set; } = "";
    public string Method { get; set; } = "";
    public string Target { get; set; } = "";
    public int Status { get; set; }
    public string Instance { get; set; } = "";
    public long StartUnixNano { get; set; }
    public long DurationNano { get; set; }
}

/// <summary>Recent requests, newest first, from every edge that answered.</summary>
public sealed class TraceList
{
    public int Edges { get; set; }
    public int EdgesAsked { get; set; }
    public List<TraceSummary> Traces { get; set; } = [];
}

/// <summary>Every span known for one trace: the edges' (one request may have crossed several) and the apps'.</summary>
public sealed class TraceView
{
    public string TraceId { get; set; } = "";
    public int Edges { get; set; }
    public int EdgesAsked { get; set; }
    public List<TraceSpan> Spans { get; set; } = [];
}

/// <summary>What an OTLP export to the control plane came to.</summary>
public sealed class TraceIngestResult
{
    public int Accepted { get; set; }
    public int Rejected { get; set; }
}
