namespace Nimbus.ObjectStore.Replication;

/// <summary>One storage node as this node last saw it: its id, zone and peer URL, whether its lease is alive now,
/// whether it is the metadata node (commits S3 writes, serves the change feed the others copy the metadata from), and
/// its S3 endpoint (where followers pass writes on to).</summary>
internal sealed record StorageNodeInfo(string Id, string Zone, Uri Peer, bool Alive, bool Metadata = false, Uri? S3 = null);
