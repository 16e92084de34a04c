using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Nimbus.Api.Client;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.Tests.Certificates;

namespace Nimbus.ControlPlane.Tests.Api;

/// <summary>The cluster, CA, certificate and domain endpoints on a real control plane (Kestrel on port 0).</summary>
public sealed class CertificateEndpointsTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private LiveControlPlane _plane = null!;
    private ControlPlaneHost _host = null!;
    private NimbusClient _client = null!;
    private string _data = "";

    public async Task InitializeAsync()
    {
        _plane = await LiveControlPlane.StartAsync("nimbus-cp-tls-", o => o.CloudDomain = "test.internal");
        (_host, _client, _data) = (_plane.Host, _plane.Client, _plane.Data);
        await _host.Services.GetRequiredService<ResourceRepository<App>>()
            .CreateAsync(new App { Metadata = new ObjectMeta { Name = "hello" }, Spec = new AppSpec { Release = "v1" } }, default);
    }

    public async Task DisposeAsync() => await _plane.DisposeAsync();

    [Fact]
    public async Task Cluster_ReportsTheCloudDomain()
    {
        var info = await _client.GetClusterInfoAsync(default).WaitAsync(Timeout);
        Assert.Equal("test.internal", info.Domain);
    }

    [Fact]
    public async Task Ca_IsThePemCertificateOnDisk_AsAPemFile()
    {
        using var http = new HttpClient { BaseAddress = _host.Address, Timeout = Timeout };
        http.DefaultRequestHeaders.Authorization = new("Bearer", LiveControlPlane.Token);
        using var response = await http.GetAsync("v1/ca");

        Assert.Equal("application/x-pem-file", response.Content.Headers.ContentType?.MediaType);
        var pem = await response.Content.ReadAsStringAsync();
        Assert.Equal(File.ReadAllText(Path.Combine(_data, "ca", "ca.crt")), pem);
        Assert.StartsWith("CN=Nimbus Local CA", X509Certificate2.CreateFromPem(pem).Subject);
    }

    [Fact]
    public async Task Certificates_ForAnAppHost_ChainsToTheCa_ForAnUnknownHost_Is404NamingIt()
    {
        using var ca = X509Certificate2.CreateFromPem(await _client.GetCaCertificatePemAsync(default).WaitAsync(Timeout));

        var issued = await _client.IssueCertificateAsync("hello.test.internal", default).WaitAsync(Timeout);
        var error = await Assert.ThrowsAsync<NimbusApiException>(() => _client.IssueCertificateAsync("nope.example.com", default).WaitAsync(Timeout));

        using var leaf = X509Certificate2.CreateFromPem(issued.CertificatePem);
        Assert.True(TestCertificates.ChainsTo(leaf, ca, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Contains("no app or domain 'nope.example.com'; add one with nimbus domains add APP nope.example.com", error.Message);
    }

    [Fact]
    public async Task Domains_PutWithCertificate_IsIssuedBack_Listed_Watched_AndDeleted()
    {
        var now = DateTimeOffset.UtcNow;
        var (cert, key) = TestCertificates.SelfSigned("www.example.com", now.AddDays(-1), now.AddDays(60));
        var revision = (await _client.ListDomainsAsync(null, default).WaitAsync(Timeout)).Revision;

        var domain = await _client.PutDomainAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert, KeyPem = key }, default).WaitAsync(Timeout);
        var issued = await _client.IssueCertificateAsync("www.example.com", default).WaitAsync(Timeout);
        var listed = await _client.ListDomainsAsync("hello", default).WaitAsync(Timeout);
        var removed = await _client.DeleteDomainAsync("www.example.com", default).WaitAsync(Timeout);

        Assert.True(domain.Spec.CustomCertificate);
        Assert.Equal(cert.Trim(), issued.CertificatePem.Trim());
        Assert.Equal("www.example.com", Assert.Single(listed.Items).Metadata.Name);
        Assert.Equal("hello", removed.Spec.App);
        Assert.Empty((await _client.ListDomainsAsync(null, default).WaitAsync(Timeout)).Items);

        using var cts = new CancellationTokenSource(Timeout);
        var seen = new List<string>();
        await foreach (var change in _client.WatchAsync(revision, "domains", cts.Token))
        {
            if (change.Type != "bookmark")
            {
                Assert.Equal("domains", change.Kind);
                Assert.Equal("www.example.com", change.Name);
                seen.Add(change.Type);
            }
            if (seen.Count == 2)
            {
                break;
            }
        }
        Assert.Equal(["put", "delete"], seen);
    }

    [Fact]
    public async Task Domains_Errors_Are400_404_And409Problems()
    {
        var (cert, _) = TestCertificates.SelfSigned("www.example.com", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(60));
        await _host.Services.GetRequiredService<ResourceRepository<App>>()
            .CreateAsync(new App { Metadata = new ObjectMeta { Name = "other" }, Spec = new AppSpec { Release = "v1" } }, default);
        await _client.PutDomainAsync("taken.example.com", new PutDomainRequest { App = "other" }, default).WaitAsync(Timeout);

        var invalid = await Assert.ThrowsAsync<NimbusApiException>(() => _client.PutDomainAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert }, default));
        var missing = await Assert.ThrowsAsync<NimbusApiException>(() => _client.PutDomainAsync("www.example.com", new PutDomainRequest { App = "nope" }, default));
        var taken = await Assert.ThrowsAsync<NimbusApiException>(() => _client.PutDomainAsync("taken.example.com", new PutDomainRequest { App = "hello" }, default));
        var gone = await Assert.ThrowsAsync<NimbusApiException>(() => _client.DeleteDomainAsync("never.example.com", default));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Contains("keyPem", invalid.Problem!.Errors!.Keys);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Contains("nimbus domains remove taken.example.com", taken.Message);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
    }
}
