using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nimbus.ControlPlane.Tests.Certificates;

/// <summary>Self-signed certificates standing in for ones a user buys, with the names and dates a test needs.</summary>
internal static class TestCertificates
{
    public static (string CertificatePem, string KeyPem) SelfSigned(string host, DateTimeOffset notBefore, DateTimeOffset notAfter, bool rsa = false)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA r
            ? new CertificateRequest($"CN={host}", r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={host}", (ECDsa)key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        var keyPem = key is RSA rsaKey ? rsaKey.ExportPkcs8PrivateKeyPem() : ((ECDsa)key).ExportPkcs8PrivateKeyPem();
        return (certificate.ExportCertificatePem(), keyPem);
    }

    /// <summary>Validates <paramref name="leaf"/> against <paramref name="root"/> alone (no system roots), at <paramref name="at"/>.</summary>
    public static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        return chain.Build(leaf);
    }
}
