using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine;

/// <summary>
/// One version of an object (or a delete marker), immutable. <see cref="VersionId"/> is "null" for objects written
/// while versioning was off or suspended. <see cref="ETag"/> is without quotes ("hex" or "hex-N" for multipart).
/// </summary>
public sealed record ObjectVersion
{
    public required string Bucket { get; init; }
    public required string Key { get; init; }
    public required string VersionId { get; init; }
    public bool IsDeleteMarker { get; init; }
    public bool IsLatest { get; init; }
    public long Size { get; init; }
    public string ETag { get; init; } = "";
    public DateTimeOffset LastModified { get; init; }
    public ObjectAttributes Attributes { get; init; } = ObjectAttributes.Empty;
    public ChecksumAlgorithm ChecksumAlgorithm { get; init; }
    /// <summary>Base64 checksum; for a multipart object with a composite checksum it ends in "-N".</summary>
    public string? Checksum { get; init; }
    /// <summary>Part sizes for multipart objects (GET ?partNumber=), empty otherwise.</summary>
    public IReadOnlyList<long> PartSizes { get; init; } = [];
    public EncryptionKind Encryption { get; init; }
    /// <summary>For SSE-C: base64 MD5 of the customer key, echoed in responses.</summary>
    public string? CustomerKeyMd5 { get; init; }

    /// <summary>Where the data lives; opaque outside the engine.</summary>
    internal object? Layout { get; init; }
}
