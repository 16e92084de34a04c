using Nimbus.ControlPlane.Bundles;

namespace Nimbus.ControlPlane.Controllers;

/// <summary>Deletes bundle blobs no release refers to any more (destroyed apps), once they are old enough that
/// an upload whose release is still being made cannot be one of them.</summary>
internal sealed class BlobRetentionController(BlobStore blobs) : IController
{
    /// <summary>An unreferenced blob younger than this is kept: it may belong to a deploy in progress.</summary>
    internal static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private int _passes;

    public string Name => "blob-retention";

    public ValueTask ReconcileAsync(ClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (_passes++ % 300 != 0)
        {
            return ValueTask.CompletedTask;
        }
        var referenced = snapshot.Releases.Select(r => r.Spec.Bundle).ToHashSet(StringComparer.Ordinal);
        foreach (var (digest, written) in blobs.List().ToList())
        {
            if (!referenced.Contains(digest) && snapshot.Now - written > Grace)
            {
                blobs.Delete(digest);
            }
        }
        return ValueTask.CompletedTask;
    }
}
