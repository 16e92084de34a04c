namespace Nimbus.Api.Resources;

/// <summary>An amount of compute: CPU in thousandths of a core and memory in bytes.</summary>
public sealed record ComputeResources(long CpuMillis, long MemoryBytes)
{
    public static readonly ComputeResources Zero = new(0, 0);

    public ComputeResources Add(ComputeResources other) => new(CpuMillis + other.CpuMillis, MemoryBytes + other.MemoryBytes);

    public ComputeResources Subtract(ComputeResources other) => new(CpuMillis - other.CpuMillis, MemoryBytes - other.MemoryBytes);

    public bool Fits(ComputeResources request) => request.CpuMillis <= CpuMillis && request.MemoryBytes <= MemoryBytes;

    public override string ToString() => $"{Quantities.FormatCpu(CpuMillis)} cpu, {Quantities.FormatBytes(MemoryBytes)} memory";
}
