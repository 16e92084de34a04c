namespace Nimbus.ControlPlane.State;

/// <summary>The watch asked for history older than the store keeps; the client must list again.</summary>
public sealed class RevisionCompactedException(long requested, long compacted)
    : Exception($"revision {requested} has been compacted; history starts after {compacted}: list again and watch from the list's revision")
{
    public long Requested { get; } = requested;
    public long Compacted { get; } = compacted;
}
