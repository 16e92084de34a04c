using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nimbus.ControlPlane.Certificates;

/// <summary>Checks a certificate and key a user brings for a custom domain: both PEM, the key unencrypted and
/// belonging to the first (leaf) certificate, which must name the host in its SAN and not have expired.</summary>
internal static class CustomCertificateCheck
{
    public const string CertificateField = "certificatePem";
    public const string KeyField = "keyPem";

    /// <summary>Adds every problem to <paramref name="errors"/>; returns the leaf's expiry when there are none.</summary>
    public static DateTimeOffset? Validate(string host, string certificatePem, string keyPem, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        X509Certificate2? leaf = null;
        try
        {
            leaf = X509Certificate2.CreateFromPem(certificatePem);
        }
        catch (CryptographicException ex)
        {
            errors[CertificateField] = [$"is not a PEM certificate (-----BEGIN CERTIFICATE-----): {ex.Message}"];
        }
        using var _ = leaf;
        var keyError = KeyProblem(keyPem);
        if (keyError is not null)
        {
            errors[KeyField] = [keyError];
        }
        if (leaf is null || keyError is not null)
        {
            return null;
        }
        var certificateErrors = new List<string>();
        if (!KeyMatches(leaf, certificatePem, keyPem))
        {
            errors[KeyField] = ["does not belong to the certificate (the first certificate in the PEM must be the host's own, with this key)"];
        }
        if (!leaf.MatchesHostname(host, allowWildcards: true, allowCommonName: false))
        {
            certificateErrors.Add($"does not cover '{host}': its subject alternative names must include it");
        }
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());
        if (notAfter <= now)
        {
            certificateErrors.Add($"expired on {notAfter:yyyy-MM-dd HH:mm} UTC");
        }
        if (certificateErrors.Count > 0)
        {
            errors[CertificateField] = [.. certificateErrors];
        }
        return errors.Count == 0 ? notAfter : null;
    }

    private static string? KeyProblem(string keyPem)
    {
        if (keyPem.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            return "is encrypted; give the key without a passphrase (openssl pkey -in KEY -out PLAIN.key)";
        }
        foreach (var algorithm in (Func<AsymmetricAlgorithm>[])[ECDsa.Create, RSA.Create])
        {
            using var key = algorithm();
            try
            {
                key.ImportFromPem(keyPem);
                return null;
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
            }
        }
        return "is not a PEM private key (EC or RSA, PKCS#8 or traditional)";
    }

    private static bool KeyMatches(X509Certificate2 leaf, string certificatePem, string keyPem)
    {
        try
        {
            // Pairs the first certificate with the key and refuses a key whose public half differs.
            using var paired = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            return paired.HasPrivateKey && paired.RawData.AsSpan().SequenceEqual(leaf.RawData);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
