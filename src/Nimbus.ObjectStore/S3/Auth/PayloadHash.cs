namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>Reads x-amz-content-sha256: one of S3's payload modes or a hex SHA-256.</summary>
internal static class PayloadHash
{
    public const string Unsigned = "UNSIGNED-PAYLOAD";
    public const string StreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public const string StreamingSignedTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public const string StreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    public const string InvalidMessage =
        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
        + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.";

    public static bool TryClassify(string value, out PayloadKind kind)
    {
        kind = value switch
        {
            Unsigned => PayloadKind.Unsigned,
            StreamingSigned => PayloadKind.StreamingSigned,
            StreamingSignedTrailer => PayloadKind.StreamingSignedTrailer,
            StreamingUnsignedTrailer => PayloadKind.StreamingUnsignedTrailer,
            _ => PayloadKind.Sha256,
        };
        if (kind != PayloadKind.Sha256)
        {
            return true;
        }
        Span<byte> digest = stackalloc byte[32];
        return SigV4Hex.TryParse(value.AsSpan(), digest);
    }
}
