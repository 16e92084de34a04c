namespace Nimbus.Api.Contracts;

/// <summary><c>POST /v1/keys</c>: make a new S3 access key.</summary>
public sealed class CreateAccessKeyRequest
{
    /// <summary>What the key is for (at most 256 characters); shown by <c>nimbus keys list</c>.</summary>
    public string? Description { get; set; }
}
