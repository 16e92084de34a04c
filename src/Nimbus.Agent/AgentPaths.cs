namespace Nimbus.Agent;

/// <summary>Where an agent keeps things. Releases and app homes must be reachable by the unprivileged app user;
/// when the data dir is not (say /root/.nimbus, and /root is 0700), they go under /var/lib/nimbus instead.</summary>
internal sealed class AgentPaths
{
    public AgentPaths(string dataDirectory, string agentId, bool needsWorldTraversable)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        var work = DataDirectory;
        if (needsWorldTraversable && !IsTraversableByOthers(DataDirectory))
        {
            work = Path.Combine("/var/lib/nimbus", agentId);
        }
        WorkDirectory = work;
    }

    public string DataDirectory { get; }
    public string WorkDirectory { get; }
    public string Bundles => Path.Combine(DataDirectory, "bundles");
    public string Logs => Path.Combine(DataDirectory, "logs");
    public string Releases => Path.Combine(WorkDirectory, "releases");
    public string Homes => Path.Combine(WorkDirectory, "homes");

    public string LogsOf(string app) => Path.Combine(Logs, app);
    public string ReleaseDirectory(string app, string release) => Path.Combine(Releases, app, release);
    public string BuildMarker(string app, string release) => Path.Combine(Releases, app, release + ".built");
    public string HomeOf(string app) => Path.Combine(Homes, app);

    private static bool IsTraversableByOthers(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (!dir.Exists)
            {
                continue;
            }
            if ((dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }
        return true;
    }
}
