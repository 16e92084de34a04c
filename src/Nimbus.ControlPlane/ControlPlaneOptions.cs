namespace Nimbus.ControlPlane;

/// <summary>Settings of the control plane role.</summary>
public sealed class ControlPlaneOptions
{
    /// <summary>Where state.db and the bundle blobs live.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The bearer token every request must carry.</summary>
    public string AdminToken { get; set; } = "";

    /// <summary>Address:port the API listens on; port 0 picks a free one.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 7070;

    /// <summary>A node whose heartbeat is older than this is NotReady and its instances move.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often controllers re-check everything even when nothing changed (heartbeat timeouts, deadlines).</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the control plane scrapes every edge and node for the per-app series (and the autoscaler
    /// sees new values).</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(1);

    public long MaxBundleBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Events kept per project; older ones are pruned.</summary>
    public int EventLimit { get; set; } = 2000;

    /// <summary>Apps are reachable as APP.CloudDomain; the edge's DNS serves this zone.</summary>
    public string CloudDomain { get; set; } = "nimbus.internal";

    public string StatePath => Path.Combine(DataDirectory, "state.db");
    public string BlobDirectory => Path.Combine(DataDirectory, "blobs");
    /// <summary>The local CA: ca.key (0600) and ca.crt.</summary>
    public string CaDirectory => Path.Combine(DataDirectory, "ca");
    /// <summary>Custom domains' certificates and keys (0600), which never enter the state store.</summary>
    public string DomainsDirectory => Path.Combine(DataDirectory, "domains");
}
