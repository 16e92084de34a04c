namespace Nimbus.ObjectStore.Replication;

/// <summary>One storage node as this node last saw it: its id, zone and peer URL, whether its lease is alive now, and
/// whether it is the metadata node (serves S3 and the change feed the others copy the metadata from).</summary>
internal sealed record StorageNodeInfo(string Id, string Zone, Uri Peer, bool Alive, bool Metadata = false);
