using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// Copies (and deletions) other nodes missed, kept durably in this node's data dir so a restart forgets none:
/// one empty file per entry, <c>replication/&lt;node id&gt;/&lt;chunk id&gt;.put</c> or <c>.del</c>, created and its
/// directory fsynced before the write that needed it is acknowledged. A delete supersedes a put of the same chunk.
/// Format version 1 (the directory names it: <c>replication</c> holds only this layout). Thread-safe.
/// </summary>
internal sealed class CatchUpQueue
{
    private const string PutSuffix = ".put";
    private const string DeleteSuffix = ".del";
    private readonly string _root;
    private readonly Lock _lock = new();

    public CatchUpQueue(string dataDirectory)
    {
        _root = Path.Combine(dataDirectory, "replication");
        Directory.CreateDirectory(_root);
    }

    public void Enqueue(string nodeId, string chunkId, CatchUpOperation operation)
    {
        Check(nodeId, chunkId);
        var directory = Path.Combine(_root, nodeId);
        lock (_lock)
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                DirectorySync.Flush(_root);
            }
            if (operation == CatchUpOperation.Delete)
            {
                File.Delete(Path.Combine(directory, chunkId + PutSuffix));
            }
            var path = Path.Combine(directory, chunkId + (operation == CatchUpOperation.Put ? PutSuffix : DeleteSuffix));
            File.WriteAllBytes(path, []);
            DirectorySync.Flush(directory);
        }
    }

    /// <summary>Removes an entry once done (no error when it is already gone).</summary>
    public void Complete(CatchUpItem item)
    {
        Check(item.NodeId, item.ChunkId);
        lock (_lock)
        {
            File.Delete(Path.Combine(_root, item.NodeId, item.ChunkId + (item.Operation == CatchUpOperation.Put ? PutSuffix : DeleteSuffix)));
        }
    }

    /// <summary>Node ids with entries waiting.</summary>
    public IReadOnlyList<string> Nodes()
    {
        var nodes = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var name = Path.GetFileName(directory);
            if (NodeIdentity.IsValidId(name) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                nodes.Add(name);
            }
        }
        return nodes;
    }

    /// <summary>Up to <paramref name="max"/> entries waiting for one node.</summary>
    public IReadOnlyList<CatchUpItem> Pending(string nodeId, int max)
    {
        var items = new List<CatchUpItem>();
        var directory = Path.Combine(_root, nodeId);
        if (!NodeIdentity.IsValidId(nodeId) || !Directory.Exists(directory))
        {
            return items;
        }
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            var operation = name.EndsWith(PutSuffix, StringComparison.Ordinal) ? CatchUpOperation.Put
                : name.EndsWith(DeleteSuffix, StringComparison.Ordinal) ? CatchUpOperation.Delete
                : (CatchUpOperation?)null;
            var id = name.Length > 4 ? name[..^4] : "";
            if (operation is { } op && ChunkIds.IsValid(id))
            {
                items.Add(new CatchUpItem(nodeId, id, op));
                if (items.Count >= max)
                {
                    break;
                }
            }
        }
        return items;
    }

    /// <summary>Entries waiting over every node.</summary>
    public int Count()
    {
        var count = 0;
        foreach (var node in Nodes())
        {
            count += Pending(node, int.MaxValue).Count;
        }
        return count;
    }

    private static void Check(string nodeId, string chunkId)
    {
        // Both become path segments: only the formats we mint ever do.
        if (!NodeIdentity.IsValidId(nodeId) || !ChunkIds.IsValid(chunkId))
        {
            throw new ArgumentException($"not a node id and chunk id: '{nodeId}', '{chunkId}'");
        }
    }
}
