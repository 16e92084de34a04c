namespace Nimbus.Api.Resources;

/// <summary>What <c>nimbus.yaml</c> (or a Procfile) says about how to build and run an app.</summary>
public sealed class AppManifest
{
    public string Name { get; set; } = "";
    public string Run { get; set; } = "";
    public string Build { get; set; } = "";
    /// <summary>Instances asked for by the manifest; null leaves the app's current count alone.</summary>
    public int? Instances { get; set; }
    public long CpuMillis { get; set; } = DefaultCpuMillis;
    public long MemoryBytes { get; set; } = DefaultMemoryBytes;
    public Dictionary<string, string> Env { get; set; } = new(StringComparer.Ordinal);
    public HealthCheck Health { get; set; } = new();
    public EdgeSettings Edge { get; set; } = new();
    /// <summary>Path on which each instance serves its own Prometheus metrics (e.g. "/metrics"); empty for none. Listed
    /// in the control plane's service discovery (<c>/v1/metrics/targets?targets=apps</c>).</summary>
    public string Metrics { get; set; } = "";
    /// <summary>Null: the instance count is what deploy and `nimbus scale` set.</summary>
    public AutoscaleSettings? Autoscale { get; set; }
    /// <summary>Null: the agents' defaults for how long and how much of the app's output to keep.</summary>
    public LogSettings? Logs { get; set; }

    public const long DefaultCpuMillis = 250;
    public const long DefaultMemoryBytes = 256L * 1024 * 1024;

    public ComputeResources Resources => new(CpuMillis, MemoryBytes);
}

/// <summary>The HTTP readiness check. An instance gets traffic (and a rollout moves on) only when it passes.</summary>
public sealed class HealthCheck
{
    public string Path { get; set; } = "/";
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>How long a new instance may take to pass its first check before the release is failed.</summary>
    public TimeSpan StartGrace { get; set; } = TimeSpan.FromSeconds(30);
}
