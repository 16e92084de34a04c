using System.Security.Cryptography.X509Certificates;
using Nimbus.Api.Contracts;
using Nimbus.ControlPlane.Tests.Domains;

namespace Nimbus.ControlPlane.Tests.Certificates;

public sealed class CertificateServiceTests : IAsyncLifetime
{
    private readonly DomainFixture _f = new();

    public async Task InitializeAsync() => await _f.AddAppAsync("hello");

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Theory]
    [InlineData("localhost")]
    [InlineData("hello.localhost")]
    [InlineData("Hello.LocalHost.")]
    [InlineData("hello.nimbus.internal")]
    [InlineData("nimbus.internal")]
    public async Task Issue_HostNimbusServes_GivesALeafForItFromTheCa(string host)
    {
        var outcome = await _f.Certificates.IssueAsync(host, default);

        var issued = outcome.Certificate!;
        var normalized = host.ToLowerInvariant().TrimEnd('.');
        Assert.Equal(normalized, issued.Host);
        using var leaf = X509Certificate2.CreateFromPem(issued.CertificatePem, issued.KeyPem);
        Assert.True(leaf.MatchesHostname(normalized));
        Assert.True(TestCertificates.ChainsTo(leaf, _f.Authority.Certificate, _f.Time.GetUtcNow()));
    }

    [Theory]
    [InlineData("nope.localhost", "app 'nope' does not exist")]
    [InlineData("nope.nimbus.internal", "app 'nope' does not exist")]
    [InlineData("a.hello.localhost", "nimbus domains add APP a.hello.localhost")]
    [InlineData("www.example.com", "no app or domain 'www.example.com'; add one with nimbus domains add APP www.example.com")]
    public async Task Issue_HostNimbusDoesNotServe_IsMissingNamingTheHost(string host, string message)
    {
        var outcome = await _f.Certificates.IssueAsync(host, default);

        Assert.Null(outcome.Certificate);
        Assert.Contains(message, outcome.MissingMessage);
        Assert.Contains($"'{host}'", outcome.MissingMessage);
    }

    [Fact]
    public async Task Issue_NotAHostName_IsInvalid()
    {
        Assert.NotNull((await _f.Certificates.IssueAsync("bad host!", default)).InvalidMessage);
    }

    [Fact]
    public async Task Issue_CustomDomainWithoutCertificate_GetsOneFromTheCa()
    {
        await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello" }, default);

        var issued = (await _f.Certificates.IssueAsync("www.example.com", default)).Certificate!;

        using var leaf = X509Certificate2.CreateFromPem(issued.CertificatePem);
        Assert.True(TestCertificates.ChainsTo(leaf, _f.Authority.Certificate, _f.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Issue_CustomDomainWithItsOwnCertificate_ReturnsThatCertificateAndKey()
    {
        var (cert, key) = TestCertificates.SelfSigned("www.example.com", DomainFixture.Start.AddDays(-1), DomainFixture.Start.AddDays(90));
        await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert, KeyPem = key }, default);

        var issued = (await _f.Certificates.IssueAsync("www.example.com", default)).Certificate!;

        Assert.Equal(cert.Trim(), issued.CertificatePem.Trim());
        Assert.Equal(key.Trim(), issued.KeyPem.Trim());
        Assert.Equal(DomainFixture.Start.AddDays(90), issued.NotAfter);
    }

    [Fact]
    public async Task Issue_CustomCertificateFilesGone_IsUnavailableSayingHowToFix()
    {
        var (cert, key) = TestCertificates.SelfSigned("www.example.com", DomainFixture.Start.AddDays(-1), DomainFixture.Start.AddDays(90));
        await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert, KeyPem = key }, default);
        File.Delete(_f.Files.KeyPath("www.example.com"));

        var outcome = await _f.Certificates.IssueAsync("www.example.com", default);

        Assert.Contains("nimbus domains add hello www.example.com --cert", outcome.UnavailableMessage);
    }

    [Fact]
    public async Task Issue_SameHostTwice_ReusesTheLeaf_UntilAThirdOfItsLifeIsLeft()
    {
        var first = (await _f.Certificates.IssueAsync("hello.localhost", default)).Certificate!;
        _f.Time.Advance(TimeSpan.FromDays(19));
        var second = (await _f.Certificates.IssueAsync("hello.localhost", default)).Certificate!;
        _f.Time.Advance(TimeSpan.FromDays(1));
        var third = (await _f.Certificates.IssueAsync("hello.localhost", default)).Certificate!;

        Assert.Same(first, second);
        Assert.NotEqual(first.CertificatePem, third.CertificatePem);
        Assert.Equal(_f.Time.GetUtcNow().AddDays(30), third.NotAfter);
    }
}
