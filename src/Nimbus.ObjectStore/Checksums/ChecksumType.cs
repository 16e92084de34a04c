namespace Nimbus.ObjectStore.Checksums;

/// <summary>How a multipart object's checksum is made (S3's x-amz-checksum-type).</summary>
public enum ChecksumType : byte
{
    /// <summary>The checksum of the parts' checksums, shown as <c>base64-N</c> (any algorithm; not CRC-64/NVME).</summary>
    Composite = 0,

    /// <summary>The checksum of the whole object, as if uploaded in one piece (CRC algorithms only).</summary>
    FullObject = 1,
}
