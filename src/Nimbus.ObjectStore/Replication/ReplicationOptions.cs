namespace Nimbus.ObjectStore.Replication;

/// <summary>How a storage node copies chunks to its peers and serves its own.</summary>
public sealed class ReplicationOptions
{
    /// <summary>Longest a single chunk push (or a peer read) may take before it counts as failed.</summary>
    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Once a write quorum has a chunk, how long the other copies may still finish before they are left to catch-up.</summary>
    public TimeSpan StragglerGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the catch-up queue is looked at.</summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between retries to a node that keeps failing.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pushes to peers in flight at once, over all writes.</summary>
    public int MaxConcurrentPushes { get; set; } = 8;

    /// <summary>How long after start the metadata node first sweeps the peers for orphaned chunk copies.</summary>
    public TimeSpan PeerSweepFirstDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the peers are swept for orphaned chunk copies after that.</summary>
    public TimeSpan PeerSweepInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A chunk copy younger than this is never an orphan (its write may still be on its way to a commit).</summary>
    public TimeSpan OrphanGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest chunk file the peer API accepts (a chunk with its header, CRCs and tags).</summary>
    public long MaxChunkFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long a write waits for a majority of the metadata copies to confirm it before it answers 503 (it
    /// stays committed on the metadata node, and the followers still get it).</summary>
    public TimeSpan MetadataQuorumTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the metadata node holds a follower's request for changes when it has none yet (long poll).</summary>
    public TimeSpan MetadataPollWait { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Longest one feed of metadata changes may take to arrive whole (a first full copy of a large bucket set included).</summary>
    public TimeSpan MetadataFeedTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the metadata node trims the entries of its change log that every follower has.</summary>
    public TimeSpan ChangeLogTrimInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a follower that passed a write on to the metadata node waits for its own copy to have it before
    /// answering (so the client reads its write here at once); past it, the answer goes out anyway.</summary>
    public TimeSpan ForwardedWriteVisibleWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The last this-many changes are kept even for a follower that lags further (it starts over); with no
    /// follower heard from, only these are kept.</summary>
    public long ChangeLogKeep { get; set; } = 1_000_000;
}
