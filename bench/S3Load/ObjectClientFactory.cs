using Nimbus.Bench.S3Load.Raw;
using Nimbus.Bench.S3Load.Sdk;

namespace Nimbus.Bench.S3Load;

/// <summary>The client <c>--client</c> names.</summary>
internal static class ObjectClientFactory
{
    public static IObjectClient Create(LoadOptions options) => options.Client switch
    {
        "sdk" => new SdkObjectClient(S3ClientFactory.Create(options), options),
        _ => new RawS3Client(options),
    };
}
