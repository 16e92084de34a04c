namespace Nimbus.ObjectStore.Replication;

/// <summary>A chunk file a storage node holds: its id and how long ago it was last written, by that node's own clock
/// (so that two machines' clocks are never compared).</summary>
internal readonly record struct PeerChunk(string Id, long AgeMs);
