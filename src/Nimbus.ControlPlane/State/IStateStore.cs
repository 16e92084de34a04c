namespace Nimbus.ControlPlane.State;

/// <summary>The control plane's state: a revisioned key-value store with compare-and-swap transactions,
/// watch from a revision, and leases — the contract etcd offers, so an etcd backend can replace SQLite.
/// Nothing above this interface may know which engine is behind it.</summary>
public interface IStateStore : IAsyncDisposable
{
    /// <summary>The revision of the last committed change.</summary>
    long Revision { get; }

    /// <summary>History up to and including this revision is gone; watches must start after it.</summary>
    long CompactedRevision { get; }

    ValueTask<KeyValue?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every key starting with <paramref name="prefix"/>, ordered by key, and the revision they were read at.</summary>
    ValueTask<RangeResult> RangeAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Applies every operation or none. Each operation's expected revision is checked first.</summary>
    ValueTask<TxnResult> TxnAsync(IReadOnlyList<StoreOp> operations, CancellationToken cancellationToken);

    /// <summary>Changes to keys under <paramref name="prefix"/> with a revision greater than <paramref name="afterRevision"/>,
    /// history first, then live. Throws <see cref="RevisionCompactedException"/> when that history is gone.</summary>
    IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken);

    ValueTask<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Renews a lease; false when it has expired or never existed.</summary>
    ValueTask<bool> KeepAliveAsync(long leaseId, CancellationToken cancellationToken);

    /// <summary>Ends a lease and deletes every key attached to it.</summary>
    ValueTask RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken);

    /// <summary>Revokes every lease whose time ran out; returns how many.</summary>
    ValueTask<int> ExpireLeasesAsync(CancellationToken cancellationToken);
}
