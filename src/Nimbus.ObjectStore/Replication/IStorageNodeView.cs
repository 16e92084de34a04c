namespace Nimbus.ObjectStore.Replication;

/// <summary>The current snapshot of storage nodes (the follower; a fixed set in tests).</summary>
internal interface IStorageNodeView
{
    StorageNodeSet Current { get; }

    /// <summary>Completes once the first list of storage nodes has arrived.</summary>
    Task Loaded { get; }
}
