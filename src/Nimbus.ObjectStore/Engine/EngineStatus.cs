namespace Nimbus.ObjectStore.Engine;

/// <summary>Outcome of an engine operation; the S3 layer maps each to its S3 error code.</summary>
public enum EngineStatus
{
    Ok = 0,
    NoSuchBucket,
    BucketAlreadyOwnedByYou,
    BucketAlreadyExists,
    BucketNotEmpty,
    NoSuchKey,
    NoSuchVersion,
    /// <summary>The addressed version is a delete marker (GET/HEAD of it by version id → 405).</summary>
    DeleteMarker,
    PreconditionFailed,
    /// <summary>A conditional write lost a race with another write of the same key (S3: 409 ConditionalRequestConflict).</summary>
    ConditionalConflict,
    NoSuchUpload,
    InvalidPart,
    InvalidPartOrder,
    EntityTooSmall,
    /// <summary>CompleteMultipartUpload: the whole-object checksum the client sent differs from the one of the parts.</summary>
    BadDigest,
    /// <summary>SSE-C: the key given does not match the key the object was written with, or none was given.</summary>
    EncryptionKeyMismatch,
    /// <summary>Every stored copy of some data failed its checksum.</summary>
    DataCorrupted,
}
