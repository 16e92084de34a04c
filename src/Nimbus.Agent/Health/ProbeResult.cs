namespace Nimbus.Agent.Health;

/// <summary>One readiness check: passed or not, and what was seen ("200", "connection refused", "timed out").</summary>
internal readonly record struct ProbeResult(bool Healthy, string Detail);
