using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Nimbus.Edge.Tls;

/// <summary>One host's certificate, ready for SslStream: the context (leaf, key and chain) and the server options are
/// built once and shared by every handshake for the host (Kestrel leaves options with ALPN set untouched).</summary>
internal sealed class CertificateEntry(X509Certificate2 certificate, SslServerAuthenticationOptions serverOptions, DateTimeOffset notBefore, DateTimeOffset notAfter)
{
    public X509Certificate2 Certificate { get; } = certificate;
    public SslServerAuthenticationOptions ServerOptions { get; } = serverOptions;
    public DateTimeOffset NotAfter { get; } = notAfter;

    /// <summary>When a third of the life is left: from then on a handshake still gets this one while a new one is fetched.</summary>
    public DateTimeOffset RenewAt { get; } = notAfter - (notAfter - notBefore) / 3;

    /// <summary>Ticks of the last use, for least-recently-used eviction.</summary>
    public long LastUsed;
}
