using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine;

/// <summary>How to store a body: its announced length (the body must have exactly this many bytes), the extra checksum to compute, and the encryption.</summary>
public sealed record StageOptions(long? ExpectedLength, ChecksumAlgorithm Checksum, EncryptionSpec Encryption);
