namespace Nimbus.ObjectStore.Replication;

/// <summary>One entry of the catch-up queue.</summary>
internal readonly record struct CatchUpItem(string NodeId, string ChunkId, CatchUpOperation Operation);
