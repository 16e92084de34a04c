namespace Nimbus.ObjectStore.Replication;

/// <summary>What a node that was down still has to do for one chunk.</summary>
internal enum CatchUpOperation
{
    /// <summary>Receive the chunk file (a write it missed).</summary>
    Put,
    /// <summary>Delete its copy (a release it missed).</summary>
    Delete,
}
