namespace Nimbus.Edge.Health;

/// <summary>When the edge stops sending traffic to an instance on its own evidence (before the control plane knows).</summary>
public sealed class PassiveHealthOptions
{
    /// <summary>Connect errors, resets and timeouts in a row that eject an instance.</summary>
    public int ConsecutiveFailures { get; set; } = 3;
    /// <summary>5xx responses in a row that eject an instance (the app answering badly, not the network).</summary>
    public int Consecutive5xx { get; set; } = 5;
    /// <summary>First ejection; each further one in a row doubles it, up to <see cref="MaxEjection"/>.</summary>
    public TimeSpan BaseEjection { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxEjection { get; set; } = TimeSpan.FromSeconds(30);
}
