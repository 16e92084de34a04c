using Nimbus.Api.Resources;

namespace Nimbus.Agent.Cgroups;

/// <summary>Used when no cgroup hierarchy is usable: instances run unlimited and are tracked by process group only.</summary>
internal sealed class DisabledCgroupDriver(string reason) : ICgroupDriver
{
    public string Description { get; } = "none: " + reason;

    public bool Enabled => false;

    public CgroupHandle? Create(string instanceId, ComputeResources limits) => null;
}
