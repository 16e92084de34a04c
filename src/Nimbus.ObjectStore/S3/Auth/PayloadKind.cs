namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>How the body is protected, from x-amz-content-sha256.</summary>
internal enum PayloadKind : byte
{
    /// <summary>UNSIGNED-PAYLOAD (and every presigned URL): the body is not covered by the signature.</summary>
    Unsigned = 0,

    /// <summary>A hex SHA-256 of the body was signed: the caller must compare it with the body's (XAmzContentSHA256Mismatch).</summary>
    Sha256,

    /// <summary>STREAMING-AWS4-HMAC-SHA256-PAYLOAD: aws-chunked, each chunk signed.</summary>
    StreamingSigned,

    /// <summary>STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: aws-chunked, each chunk and the trailers signed.</summary>
    StreamingSignedTrailer,

    /// <summary>STREAMING-UNSIGNED-PAYLOAD-TRAILER: aws-chunked without signatures, trailers (a checksum) after the data.</summary>
    StreamingUnsignedTrailer,
}
