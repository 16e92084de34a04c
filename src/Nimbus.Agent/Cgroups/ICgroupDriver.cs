using Nimbus.Api.Resources;

namespace Nimbus.Agent.Cgroups;

/// <summary>Creates per-instance control groups that cap CPU and memory and let the agent find and kill every process of an instance.</summary>
public interface ICgroupDriver
{
    /// <summary>"cgroup v2", "cgroup v1", or "none: &lt;why&gt;".</summary>
    string Description { get; }

    /// <summary>False when the machine offers no usable cgroup hierarchy; <see cref="Create"/> then returns null.</summary>
    bool Enabled { get; }

    /// <summary>
    /// Creates (or reuses, after an agent crash) <c>nimbus/&lt;instanceId&gt;</c> with the CPU quota and memory limit of
    /// <paramref name="limits"/>; a non-positive value leaves that resource unlimited. Returns null when not
    /// <see cref="Enabled"/>; throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when the
    /// kernel refuses.
    /// </summary>
    CgroupHandle? Create(string instanceId, ComputeResources limits);
}
