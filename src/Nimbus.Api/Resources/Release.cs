namespace Nimbus.Api.Resources;

/// <summary>An immutable snapshot of code (a bundle) and configuration. Named "APP-vN".</summary>
public sealed class Release : IResource
{
    public ObjectMeta Metadata { get; set; } = new();
    public ReleaseSpec Spec { get; set; } = new();
    public ReleaseStatus Status { get; set; } = new();

    public static string ResourceName(string app, int version) => $"{app}-v{version}";
}

public sealed class ReleaseSpec
{
    public string App { get; set; } = "";
    public int Version { get; set; }
    /// <summary>Content address of the bundle, "sha256:HEX".</summary>
    public string Bundle { get; set; } = "";
    public long BundleSize { get; set; }
    public AppManifest Manifest { get; set; } = new();
    /// <summary>The full environment: the manifest's env overlaid with the app's.</summary>
    public Dictionary<string, string> Env { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The app-level part of <see cref="Env"/> (what <c>nimbus env</c> manages), restored by a rollback.</summary>
    public Dictionary<string, string> AppEnv { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Why the release exists: "deploy", "env set GREETING", "rollback to v1".</summary>
    public string Cause { get; set; } = "";

    public string Label => $"v{Version}";
}

public sealed class ReleaseStatus
{
    public string Phase { get; set; } = ReleasePhase.Pending;
    public string Message { get; set; } = "";
    /// <summary>When the release failed: the instance whose logs explain why.</summary>
    public string FailedInstance { get; set; } = "";
}

public static class ReleasePhase
{
    public const string Pending = "Pending";
    public const string Rolling = "Rolling";
    public const string Ready = "Ready";
    public const string Failed = "Failed";
    public const string Superseded = "Superseded";
}
