using Nimbus.Api.Files;

namespace Nimbus.ControlPlane.Domains;

/// <summary>Custom domains' certificates and keys as files in &lt;data&gt;/domains (HOST.crt, HOST.key with mode 0600):
/// keys stay out of the state store, its backups and its watch stream. Host names are validated before they get here,
/// so they are safe file names.</summary>
internal sealed class DomainCertificateFiles(ControlPlaneOptions options)
{
    private string Directory => options.DomainsDirectory;

    public void Write(string host, string certificatePem, string keyPem)
    {
        System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // The key first: a certificate file never sits beside a key it does not belong to for longer than the second write.
        AtomicFile.Write(KeyPath(host), WithNewline(keyPem), AtomicFile.OwnerOnly);
        AtomicFile.Write(CertificatePath(host), WithNewline(certificatePem), AtomicFile.WorldReadable);
    }

    /// <summary>Both PEMs, or null when either file is missing.</summary>
    public (string CertificatePem, string KeyPem)? Read(string host)
    {
        try
        {
            return (File.ReadAllText(CertificatePath(host)), File.ReadAllText(KeyPath(host)));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Delete(string host)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }
        File.Delete(KeyPath(host));
        File.Delete(CertificatePath(host));
    }

    public string KeyPath(string host) => Path.Combine(Directory, host + ".key");

    public string CertificatePath(string host) => Path.Combine(Directory, host + ".crt");

    private static string WithNewline(string pem) => pem.EndsWith('\n') ? pem : pem + "\n";
}
