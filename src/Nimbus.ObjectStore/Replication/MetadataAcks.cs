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
    private readonly ConcurrentDictionary<string, long> _applied = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Records that <paramref name="node"/> has applied everything up to <paramref name="seq"/>.</summary>
    public void Acknowledge(string node, long seq)
    {
        // Replaced, not maxed: a follower that started over counts from where it is now.
        _applied[node] = seq;
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Forgets a follower whose log position no longer counts (it asked for a full copy).</summary>
    public void Forget(string node) => _applied.TryRemove(node, out _);

    /// <summary>The least seq any follower heard from has applied (null with none): tombstones up to it can go.</summary>
    public long? LeastApplied => _applied.IsEmpty ? null : _applied.Values.Min();

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
        var required = Required;
        if (required <= 1)
        {
            return;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.MetadataQuorumTimeout);
        var started = time.GetTimestamp();
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
