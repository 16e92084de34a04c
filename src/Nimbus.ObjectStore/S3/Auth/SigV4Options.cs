namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>What <see cref="SigV4Verifier"/> accepts: the one region and service of this endpoint and the time limits.</summary>
internal sealed class SigV4Options
{
    /// <summary>The region clients must sign for; a request scoped to another gets AuthorizationHeaderMalformed naming this one.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// The signing service. "s3" applies S3's payload rules (x-amz-content-sha256 required, presigned URLs are
    /// UNSIGNED-PAYLOAD, every x-amz-* header must be signed); any other name verifies plain SigV4 as the AWS
    /// test suite signs it (the payload hash is the body's).
    /// </summary>
    public string Service { get; set; } = "s3";

    /// <summary>How far a request's time may be from the server's (AWS: 15 minutes).</summary>
    public TimeSpan MaxSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest X-Amz-Expires a presigned URL may ask for (AWS: 7 days).</summary>
    public TimeSpan MaxPresignedExpiry { get; set; } = TimeSpan.FromDays(7);

    internal bool IsS3 => string.Equals(Service, "s3", StringComparison.Ordinal);
}
