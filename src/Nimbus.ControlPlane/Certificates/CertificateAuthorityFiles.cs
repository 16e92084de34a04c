using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nimbus.Api.Files;

namespace Nimbus.ControlPlane.Certificates;

/// <summary>The CA's two files. Both are written into a fresh sibling directory and that directory is renamed into
/// place, so a crash leaves either no CA (made anew on the next start) or a complete one — never a key without its
/// certificate. The key is created with mode 0600; it is never briefly readable by others.</summary>
internal static class CertificateAuthorityFiles
{
    public const string KeyFile = "ca.key";
    public const string CertificateFile = "ca.crt";

    /// <summary>True when there is nothing on disk yet (not even part of a CA).</summary>
    public static bool Missing(string directory) => !Directory.Exists(directory);

    public static void Write(string directory, ECDsa key, X509Certificate2 certificate)
    {
        var staging = directory + ".new";
        if (Directory.Exists(staging))
        {
            // Left by a start that crashed before the rename: it was never in use.
            Directory.Delete(staging, recursive: true);
        }
        Directory.CreateDirectory(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AtomicFile.Write(Path.Combine(staging, KeyFile), key.ExportPkcs8PrivateKeyPem() + "\n", AtomicFile.OwnerOnly);
        AtomicFile.Write(Path.Combine(staging, CertificateFile), certificate.ExportCertificatePem() + "\n", AtomicFile.WorldReadable);
        Directory.Move(staging, directory);
    }

    /// <summary>Reads and checks both files; every way they can be unusable is a <see cref="CertificateAuthorityException"/>.</summary>
    public static (ECDsa Key, X509Certificate2 Certificate) Read(string directory, DateTimeOffset now)
    {
        var keyPath = Path.Combine(directory, KeyFile);
        var certificatePath = Path.Combine(directory, CertificateFile);
        var fix = $"Restore {directory} from a backup, or delete it to make a new CA (clients must then trust the new one: nimbus ca export).";
        if (!File.Exists(keyPath) || !File.Exists(certificatePath))
        {
            throw new CertificateAuthorityException($"the local CA in {directory} is incomplete: {(File.Exists(keyPath) ? certificatePath : keyPath)} is missing. {fix}");
        }
        if (OperatingSystem.IsLinux() && (File.GetUnixFileMode(keyPath) & ~AtomicFile.OwnerOnly) != 0)
        {
            File.SetUnixFileMode(keyPath, AtomicFile.OwnerOnly);
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(keyPath));
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new CertificateAuthorityException($"the local CA key {keyPath} is not a readable EC private key (PEM). {fix}", ex);
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new CertificateAuthorityException($"the local CA certificate {certificatePath} is not a readable PEM certificate. {fix}", ex);
        }
        var problem = Check(key, certificate, now);
        if (problem is not null)
        {
            key.Dispose();
            certificate.Dispose();
            throw new CertificateAuthorityException($"the local CA in {directory} cannot be used: {problem}. {fix}");
        }
        return (key, certificate);
    }

    private static string? Check(ECDsa key, X509Certificate2 certificate, DateTimeOffset now)
    {
        using var publicKey = certificate.GetECDsaPublicKey();
        if (publicKey is null)
        {
            return "the certificate does not hold an EC public key";
        }
        var a = publicKey.ExportSubjectPublicKeyInfo();
        var b = key.ExportSubjectPublicKeyInfo();
        if (!a.AsSpan().SequenceEqual(b))
        {
            return $"{KeyFile} is not the key of {CertificateFile}";
        }
        if (certificate.Extensions[Oids.BasicConstraints] is not X509BasicConstraintsExtension { CertificateAuthority: true })
        {
            return $"{CertificateFile} is not a CA certificate";
        }
        if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime)
        {
            return $"the CA certificate expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}";
        }
        return null;
    }
}
