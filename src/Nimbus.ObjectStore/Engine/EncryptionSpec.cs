namespace Nimbus.ObjectStore.Engine;

public enum EncryptionKind : byte { None = 0, S3Managed = 1, CustomerKey = 2 }

/// <summary>How data is encrypted at rest: not at all, SSE-S3 (data key wrapped by the node's master key), or SSE-C (the client's 256-bit key, never stored; only a salted HMAC of it is kept to check later requests).</summary>
public readonly record struct EncryptionSpec(EncryptionKind Kind, ReadOnlyMemory<byte> CustomerKey)
{
    public static readonly EncryptionSpec None = default;
    public static readonly EncryptionSpec S3Managed = new(EncryptionKind.S3Managed, default);
    public static EncryptionSpec Customer(ReadOnlyMemory<byte> key) => new(EncryptionKind.CustomerKey, key);
}
