using Amazon.Runtime;
using Amazon.S3;

namespace Nimbus.Bench.S3Load.Sdk;

/// <summary>An SDK client that talks to one explicit endpoint the way third-party S3 servers need it.</summary>
internal static class S3ClientFactory
{
    public static AmazonS3Client Create(LoadOptions options)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = options.Endpoint.ToString(),
            UseHttp = options.Endpoint.Scheme == Uri.UriSchemeHttp,
            AuthenticationRegion = options.Region,
            ForcePathStyle = true,
            // The SDK's default (WHEN_SUPPORTED) adds CRC32 trailers to every PUT; s3rver does not understand them,
            // and the benchmark compares servers, not checksum algorithms.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // A retried request would hide a failure inside a slow latency: count it as an error instead.
            MaxErrorRetry = 0,
            MaxConnectionsPerServer = options.Concurrency,
            Timeout = TimeSpan.FromMinutes(10),
        };
        return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
