namespace Nimbus.ObjectStore.Replication;

/// <summary>A chunk file a storage node holds: its id and when it was last written (Unix milliseconds).</summary>
internal readonly record struct PeerChunk(string Id, long ModifiedMs);
