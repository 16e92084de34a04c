using System.Net.Http.Json;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Client;

/// <summary>The cluster, the local CA, certificates and custom domains.</summary>
public sealed partial class NimbusClient
{
    public Task<ClusterInfo> GetClusterInfoAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "v1/cluster", null, NimbusJson.Default.ClusterInfo, ct);

    /// <summary>The local CA's certificate, PEM.</summary>
    public async Task<string> GetCaCertificatePemAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.GetAsync("v1/ca", deadline.Token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, deadline.Token).ConfigureAwait(false);
            return await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"GET {BaseAddress}v1/ca got no answer within {RequestTimeout.TotalSeconds:0}s");
        }
    }

    /// <summary>A certificate for <paramref name="host"/>; a 404 <see cref="NimbusApiException"/> when Nimbus does not serve it.</summary>
    public Task<IssuedCertificate> IssueCertificateAsync(string host, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "v1/certificates", JsonContent.Create(new IssueCertificateRequest { Host = host }, NimbusJson.Default.IssueCertificateRequest),
            NimbusJson.Default.IssuedCertificate, ct);

    public Task<Domain> PutDomainAsync(string host, PutDomainRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"v1/domains/{Uri.EscapeDataString(host)}", JsonContent.Create(request, NimbusJson.Default.PutDomainRequest), NimbusJson.Default.Domain, ct);

    public Task<ResourceList<Domain>> ListDomainsAsync(string? app, CancellationToken ct) =>
        ListAsync("domains", NimbusJson.Default.ResourceListDomain, ct, app);

    /// <summary>Removes the domain; answers with the domain as it was.</summary>
    public Task<Domain> DeleteDomainAsync(string host, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"v1/domains/{Uri.EscapeDataString(host)}", null, NimbusJson.Default.Domain, ct);
}
