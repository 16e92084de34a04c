using System.Diagnostics.CodeAnalysis;

namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>Looks up the secret of an access key; fed from the control plane's access keys.</summary>
public interface ICredentialStore
{
    bool TryGet(string accessKeyId, [NotNullWhen(true)] out S3Credential? credential);
}

/// <summary>An access key: id, secret, and the project whose buckets it may use.</summary>
public sealed record S3Credential(string AccessKeyId, string SecretAccessKey, string Project);
