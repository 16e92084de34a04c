namespace Nimbus.ObjectStore.S3;

/// <summary>Ends an operation with an S3 error response. Thrown only on the request's own path, caught by the handler.</summary>
internal sealed class S3Exception(S3Error error) : Exception(error.Message)
{
    public S3Error Error { get; } = error;
}
