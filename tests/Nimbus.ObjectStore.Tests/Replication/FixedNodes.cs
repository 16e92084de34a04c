using Nimbus.ObjectStore.Replication;

namespace Nimbus.ObjectStore.Tests.Replication;

/// <summary>A storage node view the test sets.</summary>
internal sealed class FixedNodes : IStorageNodeView
{
    public StorageNodeSet Current { get; set; } = StorageNodeSet.Empty;

    public Task Loaded => Task.CompletedTask;

    public static StorageNodeInfo Node(string id, string zone, bool alive = true) => new(id, zone, new Uri($"http://127.0.0.1/{id}/"), alive);

    public void Set(params StorageNodeInfo[] nodes)
    {
        var set = StorageNodeSet.Empty;
        foreach (var node in nodes)
        {
            set = set.With(node);
        }
        Current = set;
    }
}
