namespace Nimbus.ObjectStore.Engine;

/// <summary>Staging could not make a majority of a chunk's copies durable (too many storage nodes unreachable); nothing
/// was kept. Retryable: S3 answers 503.</summary>
public sealed class ReplicationQuorumException(string message) : IOException(message);
