using Nimbus.Api.Contracts;

namespace Nimbus.Edge.Tls;

/// <summary>Where an edge gets a host's certificate: the control plane in production, a fake in tests.</summary>
public interface ICertificateIssuer
{
    /// <summary>The certificate and key for <paramref name="host"/> (lower-case), or null when Nimbus does not serve
    /// that host. Other failures (the control plane unreachable) throw.</summary>
    Task<IssuedCertificate?> IssueAsync(string host, CancellationToken cancellationToken);
}
