namespace Nimbus.ObjectStore.Engine;

/// <summary>
/// Where a committed metadata change is confirmed by enough copies before its caller is answered (the metadata
/// node's followers; none on a node of its own). Throws <see cref="ReplicationQuorumException"/> when too few confirm
/// in time: the change stays committed here, and the followers still receive it.
/// </summary>
internal interface IMetadataQuorum
{
    ValueTask WaitAsync(long seq, CancellationToken cancellationToken);
}
