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
        // CPU time is accounted by cpuacct, a hierarchy of its own on some machines (co-mounted with cpu on others:
        // then it is the same directory, and writing a pid twice into one cgroup.procs is harmless).
        string[] directories = Directory.Exists(Path.Combine(Root, "cpuacct"))
            ? [memory, cpu, Path.Combine(Root, "cpuacct", "nimbus", instanceId)]
            : [memory, cpu];
        try
        {
            foreach (var directory in directories)
            {
                Directory.CreateDirectory(directory);
            }

            var quota = CgroupLimits.QuotaMicros(limits.CpuMillis);
            CgroupFiles.Write(Path.Combine(cpu, "cpu.cfs_period_us"), CgroupLimits.Format(CgroupLimits.PeriodMicros));
            CgroupFiles.Write(Path.Combine(cpu, "cpu.cfs_quota_us"), quota is { } q ? CgroupLimits.Format(q) : "-1");
            CgroupFiles.Write(Path.Combine(memory, "memory.limit_in_bytes"),
                limits.MemoryBytes > 0 ? CgroupLimits.Format(limits.MemoryBytes) : "-1");
        }
        catch
        {
            new CgroupHandle(instanceId, directories, null, "", "").Remove();
            throw;
        }

        return new CgroupHandle(instanceId, directories, killFile: null,
            Path.Combine(memory, "memory.oom_control"), "oom_kill",
            new CgroupUsageFiles(null, directories.Length > 2 ? Path.Combine(directories[2], "cpuacct.usage") : null,
                Path.Combine(memory, "memory.usage_in_bytes")));
    }
}
