namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// A run of plaintext stored under one data key: inline (a single stored block inside the layout) or chunk files.
/// A staged body is one segment; a multipart object has one per part. Slices refer to the layout's bytes.
/// </summary>
internal sealed class LayoutSegment
{
    public required EncryptionKind Encryption { get; init; }

    /// <summary>The data key wrapped by the master key or the customer key; empty when not encrypted.</summary>
    public ReadOnlyMemory<byte> WrappedKey { get; init; }

    public required long Length { get; init; }

    /// <summary>The chunks in order; null for an inline segment.</summary>
    public IReadOnlyList<ChunkRef>? Chunks { get; init; }

    /// <summary>The stored block of an inline segment (see <see cref="BlockCodec"/>).</summary>
    public ReadOnlyMemory<byte> InlineBlock { get; init; }

    public ulong InlineNoncePrefix { get; init; }

    public bool IsInline => Chunks is null;
}
