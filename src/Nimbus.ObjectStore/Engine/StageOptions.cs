using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine;

/// <summary>How to store a body: its announced length (the body must have exactly this many bytes), the extra checksum to compute, and the encryption.</summary>
public sealed record StageOptions(long? ExpectedLength, ChecksumAlgorithm Checksum, EncryptionSpec Encryption)
{
    /// <summary>Copies of each chunk to keep (the bucket's <see cref="BucketSettings.Replicas"/>); staging succeeds once a
    /// majority of them is durable. 1: this node only.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Compute <see cref="StagedData.Sha256"/> (only a signed payload hash needs it; SHA-256 is the
    /// costliest digest of the write path, so a body not signed that way skips it).</summary>
    public bool ComputeSha256 { get; init; } = true;
}
