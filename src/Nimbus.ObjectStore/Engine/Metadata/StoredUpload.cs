using Microsoft.Data.Sqlite;
using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>An upload row.</summary>
internal sealed record StoredUpload(
    long Id,
    string UploadId,
    long Bucket,
    string Key,
    long InitiatedMs,
    ChecksumAlgorithm ChecksumAlgorithm,
    EncryptionKind Encryption,
    string? CustomerKeyMd5,
    string? Attributes)
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = "id, upload_id, bucket, key, initiated_ms, checksum_alg, encryption, customer_key_md5, attributes";

    public static StoredUpload Read(SqliteDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4),
        (ChecksumAlgorithm)reader.GetInt64(5), (EncryptionKind)reader.GetInt64(6), reader.GetNullableString(7), reader.GetNullableString(8));

    public MultipartUpload ToUpload(string bucketName) => new(
        bucketName,
        Key,
        UploadId,
        DateTimeOffset.FromUnixTimeMilliseconds(InitiatedMs),
        StoredJson.Attributes(Attributes),
        ChecksumAlgorithm,
        Encryption,
        CustomerKeyMd5);
}
