namespace Nimbus.ObjectStore.Replication;

/// <summary>What became of a chunk file sent to this node.</summary>
internal enum ReceiveResult
{
    Stored,
    /// <summary>The body was short, or its header or a block failed verification: nothing was kept.</summary>
    Invalid,
}
