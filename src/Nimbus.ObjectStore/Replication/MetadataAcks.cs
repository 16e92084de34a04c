using System.Collections.Concurrent;
using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// On the metadata node: how far each follower has durably applied this node's change log (each request for changes
/// says so), and the write quorum over that — a change is confirmed once a majority of min(3, storage nodes) copies,
/// this one included, have it. With no other storage node there is nothing to wait for.
/// </summary>
internal sealed class MetadataAcks(NodeIdentity identity, IStorageNodeView nodes, ReplicationOptions options, TimeProvider time) : IMetadataQuorum
{
    // What each follower confirmed (counts towards the quorum), and where each stands for trimming: a follower that is
    // being sent a full copy confirms nothing yet, but will continue from the copy's seq, which must not be trimmed.
    private readonly ConcurrentDictionary<string, long> _applied = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _floors = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Records that <paramref name="node"/> has applied everything up to <paramref name="seq"/>.</summary>
    public void Acknowledge(string node, long seq)
    {
        // Replaced, not maxed: a follower that started over counts from where it is now.
        _applied[node] = seq;
        _floors[node] = seq;
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>A follower is being sent a full copy that ends at <paramref name="seq"/>: it confirms nothing until it
    /// asks again, and the log after <paramref name="seq"/> is kept for it.</summary>
    public void StartedOver(string node, long seq)
    {
        _applied.TryRemove(node, out _);
        _floors[node] = seq;
    }

    /// <summary>
    /// Up to where every known follower has the log (null while one has not been heard from since this node started:
    /// it may still need entries), so entries up to it can go.
    /// </summary>
    public long? LeastApplied
    {
        get
        {
            long? least = null;
            foreach (var node in nodes.Current.Nodes.Values)
            {
                if (node.Id == identity.Id)
                {
                    continue;
                }
                if (!_floors.TryGetValue(node.Id, out var floor))
                {
                    return null;
                }
                least = least is null ? floor : Math.Min(least.Value, floor);
            }
            return least;
        }
    }

    /// <summary>Copies that must have a change, this node's included.</summary>
    public int Required
    {
        get
        {
            var known = nodes.Current.Nodes.Count + (nodes.Current.TryGet(identity.Id, out _) ? 0 : 1);
            return Math.Min(3, known) / 2 + 1;
        }
    }

    /// <summary>Copies that have <paramref name="seq"/>: this node, and the known followers that applied it.</summary>
    public int Confirmed(long seq)
    {
        var count = 1;
        var current = nodes.Current;
        foreach (var (node, applied) in _applied)
        {
            if (applied >= seq && node != identity.Id && current.TryGet(node, out _))
            {
                count++;
            }
        }
        return count;
    }

    public async ValueTask WaitAsync(long seq, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.MetadataQuorumTimeout);
        var started = time.GetTimestamp();
        if (!nodes.Loaded.IsCompleted)
        {
            // Until the storage nodes are known, "no followers" would be a guess: wait for the list.
            try
            {
                await nodes.Loaded.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ReplicationQuorumException("the storage nodes are not known yet, so the metadata copies cannot be counted; retry shortly");
            }
        }
        var required = Required;
        if (required <= 1)
        {
            return;
        }
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (Confirmed(seq) >= required)
            {
                return;
            }
            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var confirmed = Confirmed(seq);
                if (confirmed >= required)
                {
                    return;
                }
                throw new ReplicationQuorumException(
                    $"metadata change {seq} is on {confirmed} of the {required} storage nodes it needs after {time.GetElapsedTime(started).TotalSeconds:0.#} s; it is kept here and the followers still receive it");
            }
        }
    }
}
