namespace Nimbus.Api.Resources;

/// <summary>An application: which release should run and how many instances of it.</summary>
public sealed class App : IResource
{
    public ObjectMeta Metadata { get; set; } = new();
    public AppSpec Spec { get; set; } = new();
    public AppStatus Status { get; set; } = new();
}

public sealed class AppSpec
{
    /// <summary>The release that should run, e.g. "v3".</summary>
    public string Release { get; set; } = "";
    public int Instances { get; set; } = 1;
    /// <summary>Environment the next release is made with (each release keeps its own copy).</summary>
    public Dictionary<string, string> Env { get; set; } = new(StringComparer.Ordinal);
}

public sealed class AppStatus
{
    public string Phase { get; set; } = AppPhase.Deploying;
    /// <summary>The highest release version made so far.</summary>
    public int LatestVersion { get; set; }
    /// <summary>The last release that completed its rollout.</summary>
    public string CurrentRelease { get; set; } = "";
    public int ReadyInstances { get; set; }
    public string Message { get; set; } = "";
}

public static class AppPhase
{
    public const string Deploying = "Deploying";
    public const string Running = "Running";
    public const string Scaling = "Scaling";
    public const string Degraded = "Degraded";
    public const string Deleting = "Deleting";
}
