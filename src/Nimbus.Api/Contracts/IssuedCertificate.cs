namespace Nimbus.Api.Contracts;

/// <summary>A server certificate for <see cref="Host"/> and its private key, both PEM. Issued by the local CA, or the
/// certificate a custom domain was added with (then <see cref="CertificatePem"/> may hold the whole chain, leaf first).</summary>
public sealed class IssuedCertificate
{
    public string Host { get; set; } = "";
    public string CertificatePem { get; set; } = "";
    public string KeyPem { get; set; } = "";
    public DateTimeOffset NotAfter { get; set; }
    /// <summary>When the leaf became valid; with <see cref="NotAfter"/> it tells a cache when a third of the life is left.</summary>
    public DateTimeOffset NotBefore { get; set; }
}
