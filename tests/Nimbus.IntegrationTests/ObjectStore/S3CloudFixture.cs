using Amazon.Runtime;
using Amazon.S3;

namespace Nimbus.IntegrationTests.ObjectStore;

/// <summary>One <c>nimbus up</c> whose S3 endpoint the client-compatibility tests share; each test uses its own buckets.</summary>
public sealed class S3CloudFixture : IAsyncLifetime
{
    internal NimbusCloud Cloud { get; private set; } = null!;
    internal Uri Endpoint { get; private set; } = null!;
    internal string AccessKey { get; private set; } = "";
    internal string SecretKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Cloud = await NimbusCloud.StartAsync();
        Endpoint = Cloud.S3 ?? throw new InvalidOperationException("nimbus up wrote no s3 endpoint");
        (AccessKey, SecretKey) = AwsFiles.ReadCredentials(Cloud.Data);
    }

    /// <summary>The AWS SDK for .NET as an application would configure it for a custom endpoint.</summary>
    internal AmazonS3Client Client(bool pathStyle = true) => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = Endpoint.ToString(),
        ForcePathStyle = pathStyle,
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
        Timeout = TimeSpan.FromSeconds(60),
    });

    public async Task DisposeAsync()
    {
        if (Cloud is not null)
        {
            await Cloud.DisposeAsync();
        }
    }

    private static int _next;

    /// <summary>A bucket name no other test uses.</summary>
    internal static string NewBucket(string prefix) => $"{prefix}-{Environment.ProcessId}-{Interlocked.Increment(ref _next)}";
}

[CollectionDefinition(Name)]
public sealed class S3CloudCollection : ICollectionFixture<S3CloudFixture>
{
    public const string Name = "s3-cloud";
}
