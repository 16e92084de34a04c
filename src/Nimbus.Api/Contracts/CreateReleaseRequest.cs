using Nimbus.Api.Resources;

namespace Nimbus.Api.Contracts;

/// <summary>POST /v1/apps/{app}/releases. With a bundle this is a deploy (the app is created if new);
/// without one it copies the latest release's code and manifest and applies <see cref="Env"/> (env set/unset).</summary>
public sealed class CreateReleaseRequest
{
    public string? Bundle { get; set; }
    public AppManifest? Manifest { get; set; }
    /// <summary>The complete environment of the new release; null keeps the app's env (plus manifest env on deploy).</summary>
    public Dictionary<string, string>? Env { get; set; }
    public int? Instances { get; set; }
    public string? Cause { get; set; }
}

/// <summary>POST /v1/apps/{app}/rollback: makes a new release from an earlier one's code, manifest and env.</summary>
public sealed class RollbackRequest
{
    /// <summary>"vN"; null means the release before the current one.</summary>
    public string? To { get; set; }
}

/// <summary>Answer to a bundle upload.</summary>
public sealed class BundleInfo
{
    public string Digest { get; set; } = "";
    public long Size { get; set; }
}
