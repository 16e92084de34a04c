using System.Net.Http.Json;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Client;

/// <summary>S3 access keys (<c>/v1/keys</c>), and the full resources (with secrets) S3 nodes follow.</summary>
public sealed partial class NimbusClient
{
    /// <summary>Makes a key; the answer is the only one that carries its secret.</summary>
    public Task<AccessKeyInfo> CreateAccessKeyAsync(string? description, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "v1/keys", JsonContent.Create(new CreateAccessKeyRequest { Description = description }, NimbusJson.Default.CreateAccessKeyRequest),
            NimbusJson.Default.AccessKeyInfo, ct);

    /// <summary>Every key, without secrets.</summary>
    public Task<ResourceList<AccessKeyInfo>> ListAccessKeysAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "v1/keys", null, NimbusJson.Default.ResourceListAccessKeyInfo, ct);

    /// <summary>One key without its secret, or null when it does not exist.</summary>
    public Task<AccessKeyInfo?> TryGetAccessKeyAsync(string accessKeyId, CancellationToken ct) =>
        TryGetAsync("keys", accessKeyId, NimbusJson.Default.AccessKeyInfo, ct);

    /// <summary>Deletes the key; a <see cref="NimbusApiException"/> with 404 when it does not exist.</summary>
    public Task DeleteAccessKeyAsync(string accessKeyId, CancellationToken ct) =>
        SendWithoutAnswerAsync(HttpMethod.Delete, $"v1/keys/{Uri.EscapeDataString(accessKeyId)}", ct);

    /// <summary>Every key with its secret (the generic <c>GET /v1/accesskeys</c>), for S3 nodes to check signatures.</summary>
    public Task<ResourceList<AccessKey>> ListAccessKeyResourcesAsync(CancellationToken ct) =>
        ListAsync("accesskeys", NimbusJson.Default.ResourceListAccessKey, ct);
}
