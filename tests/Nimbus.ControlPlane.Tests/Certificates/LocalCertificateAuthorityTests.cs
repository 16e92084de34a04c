using System.Security.Cryptography.X509Certificates;
using Nimbus.ControlPlane.Certificates;

namespace Nimbus.ControlPlane.Tests.Certificates;

public sealed class LocalCertificateAuthorityTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly string _data = Directory.CreateTempSubdirectory("nimbus-ca-").FullName;
    private string CaDir => Path.Combine(_data, "ca");

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void FirstStart_CreatesKeyWithMode0600_AndASelfSignedCaCertificate()
    {
        using var ca = LocalCertificateAuthority.LoadOrCreate(CaDir, Now);

        var keyPath = Path.Combine(CaDir, "ca.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(keyPath));
        var cert = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(CaDir, "ca.crt")));
        Assert.Matches("^CN=Nimbus Local CA [0-9a-f]{8}, O=Nimbus$", cert.Subject);
        Assert.Equal(cert.Subject, cert.Issuer);
        var constraints = Assert.IsType<X509BasicConstraintsExtension>(cert.Extensions["2.5.29.19"]);
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
        var usage = Assert.IsType<X509KeyUsageExtension>(cert.Extensions["2.5.29.15"]);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.InRange(cert.NotAfter.ToUniversalTime(), Now.UtcDateTime.AddYears(10).AddDays(-5), Now.UtcDateTime.AddYears(10).AddDays(5));
        Assert.Equal(ca.CertificatePem, File.ReadAllText(Path.Combine(CaDir, "ca.crt")));
        Assert.False(Directory.Exists(CaDir + ".new"));
    }

    [Fact]
    public void SecondStart_LoadsTheSameCa()
    {
        string first;
        using (var ca = LocalCertificateAuthority.LoadOrCreate(CaDir, Now))
        {
            first = ca.CertificatePem;
        }
        using var again = LocalCertificateAuthority.LoadOrCreate(CaDir, Now.AddDays(1));
        Assert.Equal(first, again.CertificatePem);
    }

    [Fact]
    public void SecondStart_KeyWidenedToGroupReadable_IsNarrowedBackTo0600()
    {
        LocalCertificateAuthority.LoadOrCreate(CaDir, Now).Dispose();
        var keyPath = Path.Combine(CaDir, "ca.key");
        File.SetUnixFileMode(keyPath, (UnixFileMode)0b110_100_100);

        LocalCertificateAuthority.LoadOrCreate(CaDir, Now).Dispose();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
    }

    [Fact]
    public void Start_AfterACrashBeforeTheRename_IgnoresTheStagingDirectory()
    {
        Directory.CreateDirectory(CaDir + ".new");
        File.WriteAllText(Path.Combine(CaDir + ".new", "ca.key"), "half");

        using var ca = LocalCertificateAuthority.LoadOrCreate(CaDir, Now);

        Assert.True(File.Exists(Path.Combine(CaDir, "ca.crt")));
        Assert.False(Directory.Exists(CaDir + ".new"));
    }

    [Fact]
    public void Start_WithCorruptKey_FailsNamingTheFileAndTheFix()
    {
        LocalCertificateAuthority.LoadOrCreate(CaDir, Now).Dispose();
        File.WriteAllText(Path.Combine(CaDir, "ca.key"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        var error = Assert.Throws<CertificateAuthorityException>(() => LocalCertificateAuthority.LoadOrCreate(CaDir, Now));

        Assert.Contains("ca.key", error.Message);
        Assert.Contains("delete it to make a new CA", error.Message);
    }

    [Fact]
    public void Start_WithCorruptCertificate_Fails()
    {
        LocalCertificateAuthority.LoadOrCreate(CaDir, Now).Dispose();
        File.WriteAllText(Path.Combine(CaDir, "ca.crt"), "garbage");

        var error = Assert.Throws<CertificateAuthorityException>(() => LocalCertificateAuthority.LoadOrCreate(CaDir, Now));
        Assert.Contains("ca.crt", error.Message);
    }

    [Fact]
    public void Start_WithOnlyTheKey_FailsAsIncomplete()
    {
        LocalCertificateAuthority.LoadOrCreate(CaDir, Now).Dispose();
        File.Delete(Path.Combine(CaDir, "ca.crt"));

        var error = Assert.Throws<CertificateAuthorityException>(() => LocalCertificateAuthority.LoadOrCreate(CaDir, Now));
        Assert.Contains("incomplete", error.Message);
    }

    [Fact]
    public void Start_WithTheKeyOfAnotherCa_Fails()
    {
        LocalCertificateAuthority.LoadOrCreate(CaDir, Now).Dispose();
        var other = Path.Combine(_data, "other");
        LocalCertificateAuthority.LoadOrCreate(other, Now).Dispose();
        File.Copy(Path.Combine(other, "ca.key"), Path.Combine(CaDir, "ca.key"), overwrite: true);

        var error = Assert.Throws<CertificateAuthorityException>(() => LocalCertificateAuthority.LoadOrCreate(CaDir, Now));
        Assert.Contains("is not the key of", error.Message);
    }

    [Fact]
    public void Start_AfterTheCaExpired_Fails()
    {
        LocalCertificateAuthority.LoadOrCreate(CaDir, Now).Dispose();

        var error = Assert.Throws<CertificateAuthorityException>(() => LocalCertificateAuthority.LoadOrCreate(CaDir, Now.AddYears(11)));
        Assert.Contains("expired", error.Message);
    }

    [Fact]
    public void Issue_Leaf_ChainsToTheCaAlone_WithTheHostAsSan_ServerAuth_And30DaysBackdatedAnHour()
    {
        using var ca = LocalCertificateAuthority.LoadOrCreate(CaDir, Now);

        var issued = ca.Issue("hello.localhost", Now);

        using var leaf = X509Certificate2.CreateFromPem(issued.CertificatePem, issued.KeyPem);
        Assert.True(leaf.HasPrivateKey);
        Assert.True(TestCertificates.ChainsTo(leaf, ca.Certificate, Now));
        Assert.True(leaf.MatchesHostname("hello.localhost", allowWildcards: false, allowCommonName: false));
        Assert.False(leaf.MatchesHostname("other.localhost"));
        var eku = Assert.IsType<X509EnhancedKeyUsageExtension>(leaf.Extensions["2.5.29.37"]);
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Value);
        Assert.Equal("ECDsa", leaf.GetECDsaPublicKey()?.SignatureAlgorithm);
        Assert.Equal(Now.AddHours(-1), issued.NotBefore);
        Assert.Equal(Now.AddDays(30), issued.NotAfter);
        Assert.Equal(Now.UtcDateTime.AddHours(-1), leaf.NotBefore.ToUniversalTime());
        Assert.Equal(Now.UtcDateTime.AddDays(30), leaf.NotAfter.ToUniversalTime());
        Assert.Equal("hello.localhost", issued.Host);
    }

    [Fact]
    public void Issue_Leaf_IsNotTrustedByAnotherCa()
    {
        using var ca = LocalCertificateAuthority.LoadOrCreate(CaDir, Now);
        using var other = LocalCertificateAuthority.LoadOrCreate(Path.Combine(_data, "other"), Now);

        using var leaf = X509Certificate2.CreateFromPem(ca.Issue("hello.localhost", Now).CertificatePem);

        Assert.False(TestCertificates.ChainsTo(leaf, other.Certificate, Now));
        Assert.False(TestCertificates.ChainsTo(leaf, ca.Certificate, Now.AddDays(31)));
    }

    [Fact]
    public void Issue_Localhost_AlsoCoversTheLoopbackAddresses()
    {
        using var ca = LocalCertificateAuthority.LoadOrCreate(CaDir, Now);

        using var leaf = X509Certificate2.CreateFromPem(ca.Issue("localhost", Now).CertificatePem);

        Assert.True(leaf.MatchesHostname("localhost"));
        Assert.True(leaf.MatchesHostname("127.0.0.1"));
        Assert.True(leaf.MatchesHostname("::1"));
    }
}
