using Nimbus.Edge.Health;

namespace Nimbus.Edge;

/// <summary>How an edge runs. <c>nimbus up</c> fills it for its built-in edge; <c>nimbus edge</c> from flags.</summary>
public sealed class EdgeOptions
{
    /// <summary>The control plane's API base URL.</summary>
    public Uri ControlPlane { get; set; } = new("http://127.0.0.1:7070");
    public string Token { get; set; } = "";
    /// <summary>Edge name; default "edge-&lt;zone&gt;-&lt;random&gt;".</summary>
    public string Name { get; set; } = "";
    public string Zone { get; set; } = "local-a";
    public string ListenAddress { get; set; } = "127.0.0.1";
    public int HttpPort { get; set; } = 8080;
    public int HttpsPort { get; set; } = 8443;
    public int DnsPort { get; set; } = 8053;
    /// <summary>The edge's own endpoint (counters, cache purge) for the control plane; 0 = a free port.</summary>
    public int AdminPort { get; set; }
    /// <summary>Where the edge keeps what it needs across restarts (none yet beyond its name); null = nothing kept.</summary>
    public string? DataDirectory { get; set; }
    /// <summary>Resolver for names outside Nimbus's zones, as host:port; null = answer REFUSED.</summary>
    public string? DnsUpstream { get; set; }
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How long stopping waits for requests in flight.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How often the edge renews its registration when the control plane does not say.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);
    public PassiveHealthOptions PassiveHealth { get; set; } = new();
    /// <summary>How long a request for an app scaled to zero waits for its first instance before a 503.</summary>
    public TimeSpan ColdStartTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Record every request's journey (traces, the access log); off = only the traceparent is passed on.</summary>
    public bool Tracing { get; set; } = true;
    /// <summary>How many recent requests the edge keeps for traces and the access log.</summary>
    public int TraceCapacity { get; set; } = 8192;
    /// <summary>An OTLP/HTTP traces endpoint (e.g. http://collector:4318/v1/traces) the edge exports its spans to; null = none.</summary>
    public Uri? OtlpEndpoint { get; set; }
    /// <summary>Headers for the OTLP export, "k1=v1,k2=v2" (OTEL_EXPORTER_OTLP_HEADERS format).</summary>
    public string? OtlpHeaders { get; set; }
    /// <summary>The share of traces the edge starts that it exports (0 &lt; ratio ≤ 1, at random); a client's sampled
    /// traceparent is always followed. Traces not exported are still recorded locally, and the instance is told they
    /// are not sampled.</summary>
    public double OtlpSampleRatio { get; set; } = 1;
}
