using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// This node's view of the storage nodes (list, then watch from the list's revision, list again when the watch
/// breaks, with capped backoff — the pattern of the access-key follower). Readers get <see cref="Current"/>, an
/// immutable snapshot swapped whole. A node whose record goes (lease lapsed, or it stopped) stays in the snapshot as
/// not alive: its id, zone and last URL are what placement and catch-up need when it comes back.
/// </summary>
internal sealed partial class StorageNodeFollower(NimbusClient client, TimeProvider time, ILogger<StorageNodeFollower> logger)
    : BackgroundService, IStorageNodeView
{
    private const string Kind = "storagenodes";

    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StorageNodeSet _current = StorageNodeSet.Empty;

    public StorageNodeSet Current => Volatile.Read(ref _current);

    /// <summary>Completes when the first list has been loaded.</summary>
    public Task Loaded => _loaded.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResourceFollower.RunAsync(client, Kind, ListAsync, Apply, ex => LogFollowBroken(client.BaseAddress.ToString(), ex.Message), time, stoppingToken);

    private async Task<long> ListAsync(CancellationToken ct)
    {
        var list = await client.ListStorageNodesAsync(ct).ConfigureAwait(false);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var builder = Current.Nodes.ToBuilder();
        foreach (var node in list.Items)
        {
            if (ToInfo(node) is { } info)
            {
                builder[info.Id] = info;
                listed.Add(info.Id);
            }
        }
        foreach (var (id, node) in Current.Nodes)
        {
            if (!listed.Contains(id))
            {
                builder[id] = node with { Alive = false };
            }
        }
        Volatile.Write(ref _current, new StorageNodeSet(builder.ToImmutable()));
        _loaded.TrySetResult();
        LogListed(listed.Count, list.Revision);
        return list.Revision;
    }

    internal void Apply(WatchEvent change)
    {
        if (change.Kind != Kind)
        {
            return;
        }
        if (change.Type == "delete")
        {
            Volatile.Write(ref _current, Current.Without(change.Name));
            LogNodeGone(change.Name);
        }
        else if (change.Type == "put" && change.Object is { } json && json.Deserialize(NimbusJson.Default.StorageNode) is { } node && ToInfo(node) is { } info)
        {
            Volatile.Write(ref _current, Current.With(info));
        }
    }

    /// <summary>Test hook: the snapshot as if listed.</summary>
    internal void Replace(StorageNodeSet nodes)
    {
        Volatile.Write(ref _current, nodes);
        _loaded.TrySetResult();
    }

    private static StorageNodeInfo? ToInfo(StorageNode node) =>
        NodeIdentity.IsValidId(node.Metadata.Name) && Uri.TryCreate(node.Spec.Peer, UriKind.Absolute, out var peer)
            ? new StorageNodeInfo(node.Metadata.Name, node.Spec.Zone, peer, true, node.Spec.Metadata,
                Uri.TryCreate(node.Spec.S3, UriKind.Absolute, out var s3) ? s3 : null)
            : null;
}
