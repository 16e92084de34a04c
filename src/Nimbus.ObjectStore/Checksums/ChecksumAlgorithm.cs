namespace Nimbus.ObjectStore.Checksums;

/// <summary>The checksums S3 clients may send as <c>x-amz-checksum-*</c> (values are base64 of the big-endian digest).</summary>
public enum ChecksumAlgorithm : byte
{
    None = 0,
    Crc32 = 1,
    Crc32C = 2,
    Crc64Nvme = 3,
    Sha1 = 4,
    Sha256 = 5,
}
