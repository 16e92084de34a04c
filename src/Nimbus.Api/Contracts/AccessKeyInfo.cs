namespace Nimbus.Api.Contracts;

/// <summary>An access key as <c>/v1/keys</c> shows it. <see cref="SecretAccessKey"/> is set only in the answer to
/// <c>POST /v1/keys</c>: the one time the secret is shown. Field names follow AWS's CreateAccessKey answer.</summary>
public sealed class AccessKeyInfo
{
    public string AccessKeyId { get; set; } = "";
    public string? SecretAccessKey { get; set; }
    public string Description { get; set; } = "";
    public string Project { get; set; } = "";
    public DateTimeOffset Created { get; set; }
}
