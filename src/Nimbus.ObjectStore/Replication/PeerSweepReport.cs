namespace Nimbus.ObjectStore.Replication;

/// <summary>What one orphan sweep of the peers did: nodes listed, chunk files seen on them, orphans deleted, and the
/// nodes that could not be listed (their orphans wait for the next sweep).</summary>
internal sealed record PeerSweepReport(int Nodes, long Listed, int Deleted, IReadOnlyList<string> FailedNodes);
