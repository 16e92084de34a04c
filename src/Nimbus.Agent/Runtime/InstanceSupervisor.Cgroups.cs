using Nimbus.Agent.Cgroups;

namespace Nimbus.Agent.Runtime;

/// <summary>The instance's cgroup: made before each start (or none, with a warning, where cgroups cannot be used), and
/// emptied and removed after the process ended.</summary>
public sealed partial class InstanceSupervisor
{
    private CgroupHandle? CreateCgroup()
    {
        if (!_cgroups.Enabled)
        {
            Log.CgroupUnavailable(_logger, _options.InstanceId, _cgroups.Description);
            return null;
        }

        try
        {
            var cgroup = _cgroups.Create(_options.InstanceId, _options.Limits);
            if (cgroup is not null)
            {
                Log.CgroupCreated(_logger, _options.InstanceId, cgroup.ToString());
            }

            return cgroup;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CgroupUnavailable(_logger, _options.InstanceId, e.Message);
            return null;
        }
    }

    private void RemoveCgroup(CgroupHandle? cgroup)
    {
        if (cgroup is null)
        {
            return;
        }

        try
        {
            cgroup.KillAll();
            cgroup.Remove();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CgroupRemoveFailed(_logger, _options.InstanceId, cgroup.ToString(), e);
        }
    }
}
