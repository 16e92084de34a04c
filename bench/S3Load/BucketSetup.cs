using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Nimbus.Bench.S3Load;

/// <summary>Creates the bench bucket when it is missing, so each mode can run on a fresh server.</summary>
internal static class BucketSetup
{
    public static async Task EnsureAsync(IAmazonS3 s3, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists"
            || ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there from an earlier run: what the modes want.
        }
    }
}
