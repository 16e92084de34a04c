using Nimbus.Agent.Interop;

namespace Nimbus.Agent.Cgroups;

/// <summary>Picks the cgroup driver the machine supports.</summary>
public static class CgroupDriver
{
    /// <summary>
    /// v2 when <paramref name="root"/> holds <c>cgroup.controllers</c> listing cpu and memory and is writable; else v1
    /// when the memory and cpu controller directories are writable; else a disabled driver saying why.
    /// </summary>
    public static ICgroupDriver Detect(string root = "/sys/fs/cgroup")
    {
        if (!Directory.Exists(root))
        {
            return new DisabledCgroupDriver($"{root} does not exist");
        }

        var controllersFile = Path.Combine(root, "cgroup.controllers");
        if (File.Exists(controllersFile))
        {
            return DetectV2(root, controllersFile);
        }

        var memory = Path.Combine(root, "memory");
        var cpu = Path.Combine(root, "cpu");
        foreach (var controller in new[] { memory, cpu })
        {
            if (!Directory.Exists(controller))
            {
                return new DisabledCgroupDriver($"no cgroup v2 and no v1 controller at {controller}");
            }

            if (!LibC.IsWritable(controller))
            {
                return new DisabledCgroupDriver($"{controller} is not writable");
            }
        }

        return new CgroupV1Driver(root);
    }

    private static ICgroupDriver DetectV2(string root, string controllersFile)
    {
        var available = CgroupFiles.Tokens(controllersFile).ToHashSet(StringComparer.Ordinal);
        var missing = new[] { "cpu", "memory" }.Where(c => !available.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            return new DisabledCgroupDriver($"cgroup v2 at {root} does not offer the {string.Join(" and ", missing)} controller");
        }

        var subtreeControl = Path.Combine(root, "cgroup.subtree_control");
        if (!LibC.IsWritable(root) || (File.Exists(subtreeControl) && !LibC.IsWritable(subtreeControl)))
        {
            return new DisabledCgroupDriver($"cgroup v2 at {root} is not writable");
        }

        // A non-root cgroup (it has cgroup.type, e.g. a container's namespace root) that still holds processes
        // cannot delegate controllers to children: the "no internal processes" rule.
        var enabled = CgroupFiles.Tokens(subtreeControl).ToHashSet(StringComparer.Ordinal);
        if (File.Exists(Path.Combine(root, "cgroup.type")) && !(enabled.Contains("cpu") && enabled.Contains("memory")) &&
            CgroupFiles.ReadPids(Path.Combine(root, "cgroup.procs")).Count > 0)
        {
            return new DisabledCgroupDriver(
                $"cgroup v2 at {root} holds processes, so cpu and memory cannot be enabled for children; run the agent in a child cgroup");
        }

        return new CgroupV2Driver(root);
    }
}
