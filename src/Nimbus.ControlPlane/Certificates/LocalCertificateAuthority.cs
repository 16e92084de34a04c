using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Certificates;

/// <summary>The local CA: made on first start in &lt;data&gt;/ca, loaded on later ones, and the signer of every
/// per-host leaf certificate the edges serve. Users trust it with <c>nimbus ca export</c>.</summary>
internal sealed class LocalCertificateAuthority : IDisposable
{
    public static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    public static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(30);
    /// <summary>Leaves start this far in the past, so a client whose clock is a little behind still accepts them.</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromHours(1);

    private readonly ECDsa _key;
    private readonly X509SignatureGenerator _signer;

    private LocalCertificateAuthority(ECDsa key, X509Certificate2 certificate)
    {
        _key = key;
        _signer = X509SignatureGenerator.CreateForECDsa(key);
        Certificate = certificate;
        CertificatePem = certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    /// <summary>Loads the CA from <paramref name="directory"/>, or creates it there when nothing is on disk.</summary>
    /// <exception cref="CertificateAuthorityException">The files exist but cannot be used.</exception>
    public static LocalCertificateAuthority LoadOrCreate(string directory, DateTimeOffset now)
    {
        if (CertificateAuthorityFiles.Missing(directory))
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var certificate = CreateCaCertificate(key, now);
            CertificateAuthorityFiles.Write(directory, key, certificate);
            key.Dispose();
        }
        var (loadedKey, loadedCertificate) = CertificateAuthorityFiles.Read(directory, now);
        return new LocalCertificateAuthority(loadedKey, loadedCertificate);
    }

    /// <summary>A fresh P-256 key and a leaf for <paramref name="host"/>: SAN = the host, serverAuth, 30 days
    /// backdated by an hour (never past the CA's own expiry).</summary>
    public IssuedCertificate Issue(string host, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={host}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.ServerAuthentication)], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        if (host == HostNames.Localhost)
        {
            // Clients that connect to the loopback address send no SNI and get this certificate: let it match them too.
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var notBefore = now - Backdate;
        var caEnd = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        var notAfter = now + LeafLifetime < caEnd ? now + LeafLifetime : caEnd;
        using var leaf = request.Create(Certificate.SubjectName, _signer, notBefore, notAfter, SerialNumber());
        return new IssuedCertificate
        {
            Host = host,
            CertificatePem = leaf.ExportCertificatePem() + "\n",
            KeyPem = key.ExportPkcs8PrivateKeyPem() + "\n",
            NotBefore = TruncateToSeconds(notBefore),
            NotAfter = TruncateToSeconds(notAfter),
        };
    }

    private static X509Certificate2 CreateCaCertificate(ECDsa key, DateTimeOffset now)
    {
        var shortId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var request = new CertificateRequest(new X500DistinguishedName($"CN=Nimbus Local CA {shortId}, O=Nimbus"), key, HashAlgorithmName.SHA256);
        // pathlen 0: this CA signs leaves only, never another CA.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now - Backdate, now + CaLifetime);
    }

    /// <summary>A random positive 128-bit serial (the top bit clear so the DER integer stays positive).</summary>
    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }

    // X.509 times have whole seconds; the contract says exactly what the certificate says.
    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerSecond));

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
