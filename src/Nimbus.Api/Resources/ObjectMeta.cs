namespace Nimbus.Api.Resources;

/// <summary>Metadata every resource carries. The control plane owns <see cref="Id"/>,
/// <see cref="Created"/> and <see cref="ResourceVersion"/>; clients send back the version they read
/// to get optimistic concurrency (a stale version is answered with 409).</summary>
public sealed class ObjectMeta
{
    public string Id { get; set; } = "";
    public string Project { get; set; } = ObjectMeta.DefaultProject;
    public string Name { get; set; } = "";
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);
    public DateTimeOffset Created { get; set; }
    public long ResourceVersion { get; set; }
    /// <summary>Set when a delete was asked for and controllers are still tearing the resource down.</summary>
    public DateTimeOffset? DeletionRequested { get; set; }

    public const string DefaultProject = "default";
}
