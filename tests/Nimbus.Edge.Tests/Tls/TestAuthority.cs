using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nimbus.Api.Contracts;

namespace Nimbus.Edge.Tests.Tls;

/// <summary>A small CA standing in for the control plane's, issuing leaves with whatever lifetime a test needs.</summary>
internal sealed class TestAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestAuthority()
    {
        var request = new CertificateRequest("CN=Edge Test CA", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public X509Certificate2 Certificate { get; }

    public IssuedCertificate Issue(string host, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        if (host == "localhost")
        {
            names.AddIpAddress(IPAddress.Loopback);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        return new IssuedCertificate
        {
            Host = host,
            CertificatePem = leaf.ExportCertificatePem(),
            KeyPem = key.ExportPkcs8PrivateKeyPem(),
            NotBefore = notBefore,
            NotAfter = notAfter,
        };
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
