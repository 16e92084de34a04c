namespace Nimbus.ObjectStore.Engine;

/// <summary>
/// The storage engine behind the S3 protocol: buckets, versions, multipart uploads and their durable data.
/// Every write is durable (data and metadata fsynced) before its task completes; a crash never leaves a partial
/// object visible. Reads of metadata see a committed state. Thread-safe.
/// </summary>
public interface IObjectEngine : IAsyncDisposable
{
    /// <summary>The metadata change log's last committed seq (a follower passing a write on waits until its copy has it).</summary>
    long CommittedSeq { get; }

    /// <summary>The id of the log <see cref="CommittedSeq"/> counts in (seqs of two logs are not comparable).</summary>
    long ChangeLogId { get; }

    // Buckets
    ValueTask<EngineStatus> CreateBucketAsync(string name, string owner, CancellationToken cancellationToken);
    /// <summary>NoSuchBucket, BucketNotEmpty (any version or delete marker left), else Ok; aborts its uploads.</summary>
    ValueTask<EngineStatus> DeleteBucketAsync(string name, CancellationToken cancellationToken);
    BucketInfo? GetBucket(string name);
    IReadOnlyList<BucketInfo> ListBuckets(string owner);
    ValueTask<EngineStatus> UpdateBucketAsync(string name, Func<BucketSettings, BucketSettings> update, CancellationToken cancellationToken);

    // Data
    /// <summary>Streams <paramref name="body"/> to durable storage, computing MD5, SHA-256 and the requested checksum. Throws <see cref="IncompleteBodyException"/> when the body is shorter or longer than announced.</summary>
    ValueTask<StagedData> StageAsync(Stream body, StageOptions options, CancellationToken cancellationToken);

    /// <summary>Makes staged data the newest version of the key (or replaces the "null" version when not versioning). The staged data is consumed.</summary>
    ValueTask<WriteOutcome> CommitObjectAsync(string bucket, string key, StagedData data, ObjectAttributes attributes, WritePreconditions preconditions, CancellationToken cancellationToken);

    /// <summary>The current version (or the given one). Current is a delete marker → NoSuchKey with the marker as Version.</summary>
    ValueTask<ObjectLookup> GetObjectAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads [offset, offset+length) of a version's plaintext, verifying checksums (and decrypting) as it goes. A chunk that
    /// fails its checksum is read from another copy, or the stream throws <see cref="DataCorruptedException"/>; corrupt data is
    /// never returned. SSE-C objects need the customer key; a wrong one gives <see cref="EngineStatus.EncryptionKeyMismatch"/>.
    /// </summary>
    EngineStatus OpenRead(ObjectVersion version, long offset, long length, EncryptionSpec key, out Stream? stream);

    ValueTask<DeleteOutcome> DeleteObjectAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken);

    ValueTask<EngineStatus> SetTagsAsync(string bucket, string key, string? versionId, IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken);

    // Listing
    ValueTask<ListPage> ListObjectsAsync(ListQuery query, CancellationToken cancellationToken);
    ValueTask<VersionPage> ListVersionsAsync(VersionQuery query, CancellationToken cancellationToken);

    // Multipart
    ValueTask<UploadOutcome> CreateUploadAsync(string bucket, string key, ObjectAttributes attributes, Checksums.ChecksumAlgorithm checksum, Checksums.ChecksumType checksumType, EncryptionSpec encryption, CancellationToken cancellationToken);
    ValueTask<UploadOutcome> GetUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken);
    /// <summary>Stores a part (replacing an earlier one with the same number). The staged data is consumed.</summary>
    ValueTask<PartOutcome> CommitPartAsync(string bucket, string key, string uploadId, int partNumber, StagedData data, CancellationToken cancellationToken);
    /// <summary>S3's rules: parts ascending (InvalidPartOrder), each named part exists with that ETag (InvalidPart), all but the last ≥ 5 MiB (EntityTooSmall). ETag = md5(part md5s)-N.</summary>
    ValueTask<WriteOutcome> CompleteUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<CompletedPart> parts, string? expectedChecksum, WritePreconditions preconditions, CancellationToken cancellationToken);
    ValueTask<EngineStatus> AbortUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken);
    ValueTask<PartsPage> ListPartsAsync(string bucket, string key, string uploadId, int partNumberMarker, int maxParts, CancellationToken cancellationToken);
    ValueTask<UploadsPage> ListUploadsAsync(UploadsQuery query, CancellationToken cancellationToken);
}
