namespace Nimbus.Api.Resources;

/// <summary>An S3 access key: <c>Metadata.Name</c> is the access key id (e.g. <c>NK3QZ7…</c>), the spec holds its secret.
/// Stored at <c>/accesskeys/PROJECT/ID</c>. <c>POST /v1/keys</c> shows the secret once and <c>GET /v1/keys</c> never does;
/// the generic reads and the watch carry the whole resource because S3 nodes need the secret to check signatures
/// (every caller holds the admin token today; IAM will scope who may read secrets).</summary>
public sealed class AccessKey : IResource
{
    public ObjectMeta Metadata { get; set; } = new();
    public AccessKeySpec Spec { get; set; } = new();
    public AccessKeyStatus Status { get; set; } = new();
}
