using Nimbus.Api.Contracts;
using Nimbus.ControlPlane.Tests.Certificates;

namespace Nimbus.ControlPlane.Tests.Domains;

public sealed class DomainServiceTests : IAsyncLifetime
{
    private readonly DomainFixture _f = new();

    public async Task InitializeAsync()
    {
        await _f.AddAppAsync("hello");
        await _f.AddAppAsync("other");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private (string Cert, string Key) Valid(string host) =>
        TestCertificates.SelfSigned(host, DomainFixture.Start.AddDays(-1), DomainFixture.Start.AddDays(90));

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("*.example.com", "wildcard")]
    [InlineData("example", "at least two labels")]
    [InlineData("a..example.com", "is empty")]
    [InlineData(".example.com", "is empty")]
    [InlineData("-a.example.com", "start or end with '-'")]
    [InlineData("a_b.example.com", "only letters, digits")]
    [InlineData("10.0.0.1", "IP address")]
    [InlineData("localhost", "localhost")]
    [InlineData("www.hello.localhost", ".localhost")]
    [InlineData("nimbus.internal", "cloud domain")]
    [InlineData("hello.nimbus.internal", "cloud domain")]
    public async Task Put_BadHost_IsInvalidNamingTheHostField(string host, string message)
    {
        var outcome = await _f.Service.PutAsync(host, new PutDomainRequest { App = "hello" }, default);

        Assert.Null(outcome.Domain);
        Assert.Contains(message, Assert.Single(outcome.Errors!["host"]));
    }

    [Fact]
    public async Task Put_HostTooLongOrWithLongLabel_IsInvalid()
    {
        var longLabel = new string('a', 64) + ".example.com";
        var longHost = string.Join('.', Enumerable.Repeat(new string('a', 60), 5)) + ".com";

        Assert.Contains("63", (await _f.Service.PutAsync(longLabel, new PutDomainRequest { App = "hello" }, default)).Errors!["host"][0]);
        Assert.Contains("253", (await _f.Service.PutAsync(longHost, new PutDomainRequest { App = "hello" }, default)).Errors!["host"][0]);
    }

    [Fact]
    public async Task Put_UpperCaseWithTrailingDot_IsStoredLowerCaseWithout()
    {
        var outcome = await _f.Service.PutAsync("WWW.Example.COM.", new PutDomainRequest { App = "hello" }, default);

        Assert.Equal("www.example.com", outcome.Domain!.Metadata.Name);
        Assert.NotNull(await _f.Domains.GetAsync("default", "www.example.com", default));
    }

    [Fact]
    public async Task Put_BadAppNameAndBadHost_ReportsBoth()
    {
        var outcome = await _f.Service.PutAsync("*.x.com", new PutDomainRequest { App = "Not_An_App" }, default);

        Assert.Equal(["app", "host"], outcome.Errors!.Keys.Order());
    }

    [Fact]
    public async Task Put_UnknownApp_IsMissing()
    {
        var outcome = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "nope" }, default);

        Assert.Contains("app 'nope' does not exist", outcome.MissingMessage);
    }

    [Fact]
    public async Task Put_AppBeingDestroyed_IsAConflict()
    {
        await _f.Apps.MutateAsync("default", "hello", a => { a.Metadata.DeletionRequested = _f.Time.GetUtcNow(); return true; }, default);

        var outcome = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello" }, default);

        Assert.Contains("being destroyed", outcome.ConflictMessage);
    }

    [Fact]
    public async Task Put_HostOfAnotherApp_IsAConflict_AndTheSameAppAgainIsFine()
    {
        await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello" }, default);

        var taken = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "other" }, default);
        var again = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello" }, default);

        Assert.Contains("already routes to app 'hello'", taken.ConflictMessage);
        Assert.Equal("hello", again.Domain!.Spec.App);
        Assert.Equal("hello", (await _f.Domains.GetAsync("default", "www.example.com", default))!.Spec.App);
    }

    [Fact]
    public async Task Put_CertificateWithoutKey_OrKeyWithoutCertificate_IsInvalid()
    {
        var (cert, key) = Valid("www.example.com");

        var noKey = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert }, default);
        var noCert = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", KeyPem = key }, default);

        Assert.Contains("both", noKey.Errors!["keyPem"][0]);
        Assert.Contains("both", noCert.Errors!["certificatePem"][0]);
    }

    [Fact]
    public async Task Put_UnparsableCertificateAndKey_AreInvalid()
    {
        var outcome = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = "not pem", KeyPem = "not a key" }, default);

        Assert.Contains("not a PEM certificate", outcome.Errors!["certificatePem"][0]);
        Assert.Contains("not a PEM private key", outcome.Errors!["keyPem"][0]);
    }

    [Fact]
    public async Task Put_EncryptedKey_IsInvalidSayingHowToDecrypt()
    {
        var (cert, _) = Valid("www.example.com");
        using var key = System.Security.Cryptography.ECDsa.Create();
        var encrypted = key.ExportEncryptedPkcs8PrivateKeyPem("secret", new System.Security.Cryptography.PbeParameters(
            System.Security.Cryptography.PbeEncryptionAlgorithm.Aes128Cbc, System.Security.Cryptography.HashAlgorithmName.SHA256, 1000));

        var outcome = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert, KeyPem = encrypted }, default);

        Assert.Contains("encrypted", outcome.Errors!["keyPem"][0]);
    }

    [Fact]
    public async Task Put_KeyOfAnotherCertificate_IsInvalid()
    {
        var (cert, _) = Valid("www.example.com");
        var (_, otherKey) = Valid("www.example.com");

        var outcome = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert, KeyPem = otherKey }, default);

        Assert.Contains("does not belong to the certificate", outcome.Errors!["keyPem"][0]);
    }

    [Fact]
    public async Task Put_CertificateForAnotherHost_IsInvalid()
    {
        var (cert, key) = Valid("api.example.com");

        var outcome = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert, KeyPem = key }, default);

        Assert.Contains("does not cover 'www.example.com'", outcome.Errors!["certificatePem"][0]);
    }

    [Fact]
    public async Task Put_ExpiredCertificate_IsInvalid()
    {
        var (cert, key) = TestCertificates.SelfSigned("www.example.com", DomainFixture.Start.AddDays(-90), DomainFixture.Start.AddDays(-1));

        var outcome = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert, KeyPem = key }, default);

        Assert.Contains("expired", outcome.Errors!["certificatePem"][0]);
    }

    [Fact]
    public async Task Put_ValidCustomCertificate_StoresFilesBesideTheStore_KeyMode0600_AndTheResourceOnlySaysSo()
    {
        var (cert, key) = Valid("www.example.com");

        var outcome = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert, KeyPem = key }, default);

        Assert.True(outcome.Domain!.Spec.CustomCertificate);
        Assert.Equal(DomainFixture.Start.AddDays(90), outcome.Domain.Spec.CertificateNotAfter);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_f.Files.KeyPath("www.example.com")));
        Assert.Equal(key.Trim(), File.ReadAllText(_f.Files.KeyPath("www.example.com")).Trim());
        var stored = await _f.Store.GetAsync("/domains/default/www.example.com", default);
        var json = System.Text.Encoding.UTF8.GetString(stored!.Value.Span);
        Assert.DoesNotContain("PRIVATE KEY", json);
        Assert.DoesNotContain("CERTIFICATE", json);
    }

    [Fact]
    public async Task Put_RsaCertificateWithChain_IsAccepted()
    {
        var (cert, key) = TestCertificates.SelfSigned("www.example.com", DomainFixture.Start.AddDays(-1), DomainFixture.Start.AddDays(90), rsa: true);
        var (intermediate, _) = Valid("intermediate.example.com");

        var outcome = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert + "\n" + intermediate, KeyPem = key }, default);

        Assert.True(outcome.Domain!.Spec.CustomCertificate);
    }

    [Fact]
    public async Task Put_AgainWithoutCertificate_DeletesTheFiles_AndDeleteRemovesEverything()
    {
        var (cert, key) = Valid("www.example.com");
        await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert, KeyPem = key }, default);

        var plain = await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello" }, default);

        Assert.False(plain.Domain!.Spec.CustomCertificate);
        Assert.False(File.Exists(_f.Files.KeyPath("www.example.com")));

        await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert, KeyPem = key }, default);
        var removed = await _f.Service.DeleteAsync("WWW.example.com", default);
        Assert.Equal("hello", removed.Domain!.Spec.App);
        Assert.Null(await _f.Domains.GetAsync("default", "www.example.com", default));
        Assert.False(File.Exists(_f.Files.KeyPath("www.example.com")));
        Assert.False(File.Exists(_f.Files.CertificatePath("www.example.com")));
        Assert.Contains("does not exist", (await _f.Service.DeleteAsync("www.example.com", default)).MissingMessage);
    }

    [Fact]
    public async Task Controller_AppGone_RemovesItsDomainsAndFiles_KeepsOthers()
    {
        var (cert, key) = Valid("www.example.com");
        await _f.Service.PutAsync("www.example.com", new PutDomainRequest { App = "hello", CertificatePem = cert, KeyPem = key }, default);
        await _f.Service.PutAsync("other.example.com", new PutDomainRequest { App = "other" }, default);

        await _f.Controller.ReconcileAsync(await _f.SnapshotAsync(), default);
        Assert.Equal(2, (await _f.Domains.ListAsync("default", default)).Items.Count);

        await _f.Apps.DeleteAsync("default", "hello", 0, default);
        await _f.Controller.ReconcileAsync(await _f.SnapshotAsync(), default);

        var left = (await _f.Domains.ListAsync("default", default)).Items;
        Assert.Equal("other.example.com", Assert.Single(left).Metadata.Name);
        Assert.False(File.Exists(_f.Files.KeyPath("www.example.com")));
    }
}
