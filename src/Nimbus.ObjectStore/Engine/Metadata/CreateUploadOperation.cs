using System.Security.Cryptography;
using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>CreateMultipartUpload: a new upload under an unguessable id.</summary>
internal sealed class CreateUploadOperation(string bucketName, string key, ObjectAttributes attributes, ChecksumAlgorithm checksum, ChecksumType checksumType, EncryptionSpec encryption) : WriteOperation<UploadOutcome>
{
    protected override UploadOutcome Run(MetadataTransaction tx)
    {
        if (tx.FindBucket(bucketName) is not { } bucket)
        {
            return new UploadOutcome(EngineStatus.NoSuchBucket, null);
        }
        var upload = tx.InsertUpload(VersionIds.NewUploadId(), bucket.Id, key, checksum, checksumType, encryption.Kind, CustomerKeyMd5(encryption), attributes);
        return new UploadOutcome(EngineStatus.Ok, upload.ToUpload(bucketName));
    }

    /// <summary>Base64 MD5 of an SSE-C key (what S3 echoes as x-amz-server-side-encryption-customer-key-MD5).</summary>
    internal static string? CustomerKeyMd5(EncryptionSpec encryption) =>
        encryption.Kind == EncryptionKind.CustomerKey ? Convert.ToBase64String(MD5.HashData(encryption.CustomerKey.Span)) : null;
}
