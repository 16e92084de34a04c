namespace Nimbus.Agent.Cgroups;

/// <summary>What an instance's cgroup has used: CPU seconds since it was made, memory bytes now (null: not accounted).</summary>
public sealed record InstanceUsage(double? CpuSeconds, long? MemoryBytes);
