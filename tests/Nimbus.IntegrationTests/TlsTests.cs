using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Nimbus.Api;

namespace Nimbus.IntegrationTests;

/// <summary><c>nimbus up --domain</c>, <c>nimbus ca export</c> and <c>nimbus domains add/list/remove</c> on a real cloud.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private NimbusCloud _cloud = null!;
    private string _files = "";

    public async Task InitializeAsync()
    {
        _cloud = await NimbusCloud.StartAsync(null, "--domain", "it.internal");
        _files = Directory.CreateTempSubdirectory("nimbus-it-tls-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        Directory.Delete(_files, recursive: true);
    }

    [Fact]
    public async Task CaExport_PrintsThePemCaCertificate_AndUpUsesTheGivenDomain()
    {
        var result = await _cloud.CliAsync("ca", "export");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", result.Stdout);
        using var ca = X509Certificate2.CreateFromPem(result.Stdout);
        Assert.StartsWith("CN=Nimbus Local CA ", ca.Subject);
        Assert.True(Assert.IsType<X509BasicConstraintsExtension>(ca.Extensions["2.5.29.19"]).CertificateAuthority);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_cloud.Data, "ca", "ca.key")));
        Assert.Equal("it.internal", (await _cloud.Client.GetClusterInfoAsync(default)).Domain);
    }

    [Fact]
    public async Task Domains_AddListRemove_RoundTrip_WithTheirErrors()
    {
        await DeployEmptyAppAsync("web");
        await DeployEmptyAppAsync("shop");
        var (cert, key) = WriteCertificate("secure.example.test");

        var add = await _cloud.CliAsync("domains", "add", "web", "www.example.test");
        var addCustom = await _cloud.CliAsync("domains", "add", "web", "secure.example.test", "--cert", cert, "--key", key);
        var unknownApp = await _cloud.CliAsync("domains", "add", "nope", "a.example.test");
        var taken = await _cloud.CliAsync("domains", "add", "shop", "www.example.test");
        var badCert = await _cloud.CliAsync("domains", "add", "web", "other.example.test", "--cert", cert, "--key", key);
        var certWithoutKey = await _cloud.CliAsync("domains", "add", "web", "other.example.test", "--cert", cert);
        var automatic = await _cloud.CliAsync("domains", "add", "web", "web.it.internal");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("www.example.test → web (local CA)", add.Stdout);
        Assert.True(addCustom.ExitCode == 0, addCustom.ToString());
        Assert.Contains("custom, until", addCustom.Stdout);
        Assert.True(unknownApp.ExitCode == 4, unknownApp.ToString());
        Assert.Contains("app 'nope' does not exist", unknownApp.Stderr);
        Assert.True(taken.ExitCode == 6, taken.ToString());
        Assert.Contains("nimbus domains remove www.example.test", taken.Stderr);
        Assert.True(badCert.ExitCode == 2, badCert.ToString());
        Assert.Contains("does not cover 'other.example.test'", badCert.Stderr);
        Assert.True(certWithoutKey.ExitCode == 2, certWithoutKey.ToString());
        Assert.True(automatic.ExitCode == 2, automatic.ToString());
        Assert.Contains("cloud domain", automatic.Stderr);

        var table = await _cloud.CliAsync("domains", "list");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("secure.example.test", table.Stdout);
        var json = await _cloud.CliAsync("domains", "list", "web", "--output", "json");
        var listed = JsonSerializer.Deserialize(json.Stdout, NimbusJson.Default.ListDomain)!;
        Assert.Equal(["secure.example.test", "www.example.test"], listed.Select(d => d.Metadata.Name).Order());
        Assert.True(listed.Single(d => d.Metadata.Name == "secure.example.test").Spec.CustomCertificate);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_cloud.Data, "domains", "secure.example.test.key")));

        var remove = await _cloud.CliAsync("domains", "remove", "secure.example.test");
        var removeAgain = await _cloud.CliAsync("domains", "remove", "secure.example.test");
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.True(removeAgain.ExitCode == 4, removeAgain.ToString());
        Assert.False(File.Exists(Path.Combine(_cloud.Data, "domains", "secure.example.test.key")));
        var left = JsonSerializer.Deserialize((await _cloud.CliAsync("domains", "list", "-o", "json")).Stdout, NimbusJson.Default.ListDomain)!;
        Assert.Equal("www.example.test", Assert.Single(left).Metadata.Name);
    }

    private (string Cert, string Key) WriteCertificate(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        var certPath = Path.Combine(_files, host + ".crt");
        var keyPath = Path.Combine(_files, host + ".key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    private async Task DeployEmptyAppAsync(string name)
    {
        var dir = TestApps.CopyHelloPython($"name: {name}\nrun: python3 server.py\ninstances: 0\n");
        try
        {
            var result = await _cloud.CliAsync("deploy", dir, "--timeout", "60s");
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
