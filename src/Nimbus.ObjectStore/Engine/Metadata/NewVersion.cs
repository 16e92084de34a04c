using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>The columns of a version about to be written (its id and version id are chosen by <see cref="VersionRules"/>).</summary>
internal sealed record NewVersion(
    long Size,
    string ETag,
    ChecksumAlgorithm ChecksumAlgorithm,
    string? Checksum,
    EncryptionKind Encryption,
    string? CustomerKeyMd5,
    IReadOnlyList<long> PartSizes,
    ObjectAttributes Attributes,
    byte[] Layout,
    bool IsDeleteMarker)
{
    public static NewVersion DeleteMarker() => new(0, "", ChecksumAlgorithm.None, null, EncryptionKind.None, null, [], ObjectAttributes.Empty, [], true);

    public ObjectVersion ToVersion(string bucket, string key, string versionId, DateTimeOffset modified) => new()
    {
        Bucket = bucket,
        Key = key,
        VersionId = versionId,
        IsDeleteMarker = IsDeleteMarker,
        IsLatest = true,
        Size = Size,
        ETag = ETag,
        LastModified = modified,
        Attributes = Attributes,
        ChecksumAlgorithm = ChecksumAlgorithm,
        Checksum = Checksum,
        PartSizes = PartSizes,
        Encryption = Encryption,
        CustomerKeyMd5 = CustomerKeyMd5,
        Layout = IsDeleteMarker ? null : Layout,
    };
}
