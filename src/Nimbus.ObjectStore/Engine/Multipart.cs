using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine;

/// <summary>An upload in progress.</summary>
public sealed record MultipartUpload(
    string Bucket,
    string Key,
    string UploadId,
    DateTimeOffset Initiated,
    ObjectAttributes Attributes,
    ChecksumAlgorithm ChecksumAlgorithm,
    EncryptionKind Encryption,
    string? CustomerKeyMd5,
    ChecksumType ChecksumType = ChecksumType.Composite);

/// <summary>A stored part. <see cref="ETag"/> without quotes; <see cref="Checksum"/> base64 or null.</summary>
public sealed record PartInfo(int PartNumber, long Size, string ETag, DateTimeOffset LastModified, string? Checksum);

/// <summary>A part named in CompleteMultipartUpload. <see cref="Checksum"/> is what the client sent for it, if anything.</summary>
public sealed record CompletedPart(int PartNumber, string ETag, string? Checksum);

public sealed record PartsPage(EngineStatus Status, MultipartUpload? Upload, IReadOnlyList<PartInfo> Parts, bool IsTruncated, int NextPartNumberMarker);

public sealed record UploadsQuery(string Bucket, string Prefix, string? Delimiter, string? KeyMarker, string? UploadIdMarker, int MaxUploads);

public sealed record UploadsPage(EngineStatus Status, IReadOnlyList<MultipartUpload> Uploads, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextKeyMarker, string? NextUploadIdMarker);
