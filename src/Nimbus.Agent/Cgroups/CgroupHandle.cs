using Nimbus.Agent.Interop;

namespace Nimbus.Agent.Cgroups;

/// <summary>One instance's cgroup: a single directory on v2, one directory per controller on v1.</summary>
public sealed class CgroupHandle
{
    private static readonly TimeSpan RemoveTimeout = TimeSpan.FromSeconds(3);
    private readonly string? _killFile;
    private readonly string _oomFile;
    private readonly string _oomKey;
    private readonly CgroupUsageFiles? _usage;

    internal CgroupHandle(string instanceId, IReadOnlyList<string> directories, string? killFile, string oomFile, string oomKey,
        CgroupUsageFiles? usage = null)
    {
        _usage = usage;
        InstanceId = instanceId;
        Directories = directories;
        ProcsFiles = directories.Select(d => Path.Combine(d, "cgroup.procs")).ToArray();
        _killFile = killFile;
        _oomFile = oomFile;
        _oomKey = oomKey;
    }

    public string InstanceId { get; }

    public IReadOnlyList<string> Directories { get; }

    /// <summary>The <c>cgroup.procs</c> files a process must write its pid into to be limited and tracked.</summary>
    public IReadOnlyList<string> ProcsFiles { get; }

    /// <summary>Pids currently in the cgroup (union over the controller hierarchies), ascending.</summary>
    public IReadOnlyList<int> Processes()
    {
        var pids = new SortedSet<int>();
        foreach (var file in ProcsFiles)
        {
            pids.UnionWith(CgroupFiles.ReadPids(file));
        }

        return pids.ToArray();
    }

    /// <summary>How many times the kernel's OOM killer has killed a process in this cgroup.</summary>
    public long OomKillCount() => CgroupFiles.ReadKeyed(_oomFile, _oomKey);

    /// <summary>CPU time and memory the instance's processes use now (children that exited included in the CPU
    /// time); null where this hierarchy does not account for them.</summary>
    public InstanceUsage? Usage() => _usage?.Read();

    /// <summary>SIGKILLs every process in the cgroup, including ones that left the instance's process group.</summary>
    public void KillAll()
    {
        if (_killFile is not null && File.Exists(_killFile))
        {
            CgroupFiles.Write(_killFile, "1");
            return;
        }

        // v1 has no atomic kill; a process may fork between reading the list and the signal, so go round
        // until a pass finds nobody new.
        var signalled = new HashSet<int>();
        for (var pass = 0; pass < 50; pass++)
        {
            var fresh = Processes().Where(signalled.Add).ToList();
            if (fresh.Count == 0)
            {
                return;
            }

            foreach (var pid in fresh)
            {
                Signals.SendToProcess(pid, Signals.SIGKILL);
            }
        }
    }

    /// <summary>Removes the cgroup directories, retrying briefly while killed processes drain out.</summary>
    public void Remove()
    {
        var deadline = Environment.TickCount64 + (long)RemoveTimeout.TotalMilliseconds;
        foreach (var directory in Directories)
        {
            while (true)
            {
                try
                {
                    Directory.Delete(directory, recursive: false);
                    break;
                }
                catch (DirectoryNotFoundException)
                {
                    break;
                }
                catch (IOException) when (Environment.TickCount64 < deadline)
                {
                    // EBUSY until the last task has exited; this is a kernel-side drain, not test synchronisation.
                    Thread.Sleep(20);
                }
            }
        }
    }

    public override string ToString() => string.Join(", ", Directories);
}
