using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine;

/// <summary>
/// A body written durably but not yet visible: the S3 layer checks its digests against what the client sent
/// (Content-MD5, x-amz-checksum-* from headers or trailers, the signed payload hash) and then commits it as an
/// object or a part, or disposes it, which deletes the data.
/// </summary>
public abstract class StagedData : IAsyncDisposable
{
    public abstract long Length { get; }

    /// <summary>MD5 of the plaintext (16 bytes): the ETag of a single-part object.</summary>
    public abstract ReadOnlyMemory<byte> Md5 { get; }

    /// <summary>SHA-256 of the plaintext (32 bytes), for checking a signed payload hash; empty unless <see cref="StageOptions.ComputeSha256"/>.</summary>
    public abstract ReadOnlyMemory<byte> Sha256 { get; }

    public abstract ChecksumAlgorithm ChecksumAlgorithm { get; }

    /// <summary>The requested checksum of the plaintext; empty when <see cref="ChecksumAlgorithm"/> is None.</summary>
    public abstract ReadOnlyMemory<byte> Checksum { get; }

    /// <summary>The data's layout (see <see cref="Data.IDataStore"/>), kept by the metadata store.</summary>
    internal abstract ReadOnlyMemory<byte> Layout { get; }

    /// <summary>Called once the metadata referring to <see cref="Layout"/> is durable: disposing no longer deletes the data.</summary>
    internal abstract void MarkCommitted();

    /// <summary>How the data is encrypted at rest; set by the engine from <see cref="StageOptions.Encryption"/> (the layout itself is opaque to the metadata store).</summary>
    internal EncryptionKind Encryption { get; set; }

    /// <summary>For SSE-C: base64 MD5 of the customer key, kept with the version and echoed in responses.</summary>
    internal string? CustomerKeyMd5 { get; set; }

    /// <summary>Deletes the data unless it was committed.</summary>
    public abstract ValueTask DisposeAsync();
}
