using Nimbus.Api.Resources;

namespace Nimbus.Agent.Cgroups;

/// <summary>Unified hierarchy: one directory, cpu.max and memory.max, controllers enabled down the tree.</summary>
internal sealed class CgroupV2Driver(string root) : ICgroupDriver
{
    private static readonly string[] Controllers = ["cpu", "memory"];

    public string Description => "cgroup v2";

    public bool Enabled => true;

    public string Root { get; } = root;

    public CgroupHandle? Create(string instanceId, ComputeResources limits)
    {
        CgroupFiles.ValidateName(instanceId);
        var parent = Path.Combine(Root, "nimbus");
        var directory = Path.Combine(parent, instanceId);

        EnableControllers(Root);
        Directory.CreateDirectory(parent);
        EnableControllers(parent);
        Directory.CreateDirectory(directory);

        var quota = CgroupLimits.QuotaMicros(limits.CpuMillis);
        var period = CgroupLimits.Format(CgroupLimits.PeriodMicros);
        CgroupFiles.Write(Path.Combine(directory, "cpu.max"),
            quota is { } q ? $"{CgroupLimits.Format(q)} {period}" : $"max {period}");
        CgroupFiles.Write(Path.Combine(directory, "memory.max"),
            limits.MemoryBytes > 0 ? CgroupLimits.Format(limits.MemoryBytes) : "max");

        return new CgroupHandle(instanceId, [directory], Path.Combine(directory, "cgroup.kill"),
            Path.Combine(directory, "memory.events"), "oom_kill",
            new CgroupUsageFiles(Path.Combine(directory, "cpu.stat"), null, Path.Combine(directory, "memory.current")));
    }

    private static void EnableControllers(string directory)
    {
        var file = Path.Combine(directory, "cgroup.subtree_control");
        var enabled = CgroupFiles.Tokens(file).ToHashSet(StringComparer.Ordinal);
        var missing = Controllers.Where(c => !enabled.Contains(c)).Select(c => "+" + c).ToArray();
        if (missing.Length > 0)
        {
            CgroupFiles.Write(file, string.Join(' ', missing));
        }
    }
}
