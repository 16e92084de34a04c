namespace Nimbus.Api.Contracts;

/// <summary>What the edges counted for one app since they started (summed over every edge that answered).</summary>
public sealed class AppTraffic
{
    public string App { get; set; } = "";
    /// <summary>Edges that answered / edges asked.</summary>
    public int Edges { get; set; }
    public int EdgesAsked { get; set; }
    public long Requests { get; set; }
    /// <summary>Responses by status class: "1xx" … "5xx".</summary>
    public Dictionary<string, long> Status { get; set; } = new(StringComparer.Ordinal);
    public long BytesIn { get; set; }
    public long BytesOut { get; set; }
    public long InFlight { get; set; }
    /// <summary>Latency histogram: upper bounds in milliseconds (the last is +Inf, written as 0) and counts per bucket.</summary>
    public List<double> LatencyBucketsMs { get; set; } = [];
    public List<long> LatencyCounts { get; set; } = [];
    public double LatencySumMs { get; set; }
    public long RateLimited { get; set; }
    public long CacheHits { get; set; }
    public long CacheMisses { get; set; }
    public long Retries { get; set; }
}

/// <summary>The answer to a cache purge: how many edges took it and how many entries they dropped.</summary>
public sealed class CachePurgeResult
{
    public string App { get; set; } = "";
    public string Path { get; set; } = "";
    public int Edges { get; set; }
    public int EdgesAsked { get; set; }
    public long Removed { get; set; }
}
