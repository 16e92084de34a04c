namespace Nimbus.ObjectStore.Replication;

/// <summary>One storage node as this node last saw it: its id, zone and peer URL, and whether its lease is alive now.</summary>
internal sealed record StorageNodeInfo(string Id, string Zone, Uri Peer, bool Alive);
