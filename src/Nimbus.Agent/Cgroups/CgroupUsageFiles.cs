namespace Nimbus.Agent.Cgroups;

/// <summary>Where a cgroup accounts its usage. v2: <c>cpu.stat</c>'s <c>usage_usec</c> and <c>memory.current</c>;
/// v1: <c>cpuacct.usage</c> (nanoseconds, in the cpuacct hierarchy, which is not always mounted with cpu) and
/// <c>memory.usage_in_bytes</c>.</summary>
internal sealed record CgroupUsageFiles(string? CpuStat, string? CpuAcctUsage, string Memory)
{
    public InstanceUsage? Read()
    {
        double? cpu = null;
        if (CpuStat is not null && File.Exists(CpuStat))
        {
            cpu = CgroupFiles.ReadKeyed(CpuStat, "usage_usec") / 1e6;
        }
        else if (CpuAcctUsage is not null && long.TryParse(CgroupFiles.ReadOrEmpty(CpuAcctUsage).Trim(), out var nanos))
        {
            cpu = nanos / 1e9;
        }
        long? memory = long.TryParse(CgroupFiles.ReadOrEmpty(Memory).Trim(), out var bytes) ? bytes : null;
        return cpu is null && memory is null ? null : new InstanceUsage(cpu, memory);
    }
}
