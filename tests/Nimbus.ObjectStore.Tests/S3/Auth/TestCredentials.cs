using System.Diagnostics.CodeAnalysis;
using Nimbus.ObjectStore.S3.Auth;

namespace Nimbus.ObjectStore.Tests.S3.Auth;

/// <summary>An in-memory credential store.</summary>
internal sealed class TestCredentials(params S3Credential[] credentials) : ICredentialStore
{
    public bool TryGet(string accessKeyId, [NotNullWhen(true)] out S3Credential? credential)
    {
        credential = credentials.FirstOrDefault(c => c.AccessKeyId == accessKeyId);
        return credential is not null;
    }
}
