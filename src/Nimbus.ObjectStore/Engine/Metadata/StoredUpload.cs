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
    ChecksumType ChecksumType,
    EncryptionKind Encryption,
    string? CustomerKeyMd5,
    string? Attributes)
{
    /// <summary>Bit of the checksum_alg column set for a FULL_OBJECT upload (the low byte is the algorithm; rows from
    /// before full-object checksums never have it, so they read as composite).</summary>
    private const long FullObjectBit = 0x100;
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = "id, upload_id, bucket, key, initiated_ms, checksum_alg, encryption, customer_key_md5, attributes";

    public static StoredUpload Read(SqliteDataReader reader)
    {
        var (algorithm, type) = DecodeChecksum(reader.GetInt64(5));
        return new(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4),
            algorithm, type, (EncryptionKind)reader.GetInt64(6), reader.GetNullableString(7), reader.GetNullableString(8));
    }

    /// <summary>The checksum_alg column's value for an upload's algorithm and checksum type.</summary>
    public static long EncodeChecksum(ChecksumAlgorithm algorithm, ChecksumType type) =>
        (long)algorithm | (type == ChecksumType.FullObject ? FullObjectBit : 0);

    public static (ChecksumAlgorithm Algorithm, ChecksumType Type) DecodeChecksum(long column) =>
        ((ChecksumAlgorithm)(column & 0xFF), (column & FullObjectBit) != 0 ? ChecksumType.FullObject : ChecksumType.Composite);

    public MultipartUpload ToUpload(string bucketName) => new(
        bucketName,
        Key,
        UploadId,
        DateTimeOffset.FromUnixTimeMilliseconds(InitiatedMs),
        StoredJson.Attributes(Attributes),
        ChecksumAlgorithm,
        Encryption,
        CustomerKeyMd5,
        ChecksumType);
}
