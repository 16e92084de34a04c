using Nimbus.Api.Resources;

namespace Nimbus.Agent.Cgroups;

/// <summary>Legacy hierarchies: a directory under both the memory and the cpu controller mounts.</summary>
internal sealed class CgroupV1Driver(string root) : ICgroupDriver
{
    public string Description => "cgroup v1";

    public bool Enabled => true;

    public string Root { get; } = root;

    public CgroupHandle? Create(string instanceId, ComputeResources limits)
    {
        CgroupFiles.ValidateName(instanceId);
        var memory = Path.Combine(Root, "memory", "nimbus", instanceId);
        var cpu = Path.Combine(Root, "cpu", "nimbus", instanceId);
        try
        {
            Directory.CreateDirectory(memory);
            Directory.CreateDirectory(cpu);

            var quota = CgroupLimits.QuotaMicros(limits.CpuMillis);
            CgroupFiles.Write(Path.Combine(cpu, "cpu.cfs_period_us"), CgroupLimits.Format(CgroupLimits.PeriodMicros));
            CgroupFiles.Write(Path.Combine(cpu, "cpu.cfs_quota_us"), quota is { } q ? CgroupLimits.Format(q) : "-1");
            CgroupFiles.Write(Path.Combine(memory, "memory.limit_in_bytes"),
                limits.MemoryBytes > 0 ? CgroupLimits.Format(limits.MemoryBytes) : "-1");
        }
        catch
        {
            new CgroupHandle(instanceId, [memory, cpu], null, "", "").Remove();
            throw;
        }

        return new CgroupHandle(instanceId, [memory, cpu], killFile: null,
            Path.Combine(memory, "memory.oom_control"), "oom_kill");
    }
}
