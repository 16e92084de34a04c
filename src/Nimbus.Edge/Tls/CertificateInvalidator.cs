using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Tls;

/// <summary>Drops the cached certificate of every custom domain that changed (added, removed, or given a new
/// certificate), so the next handshake fetches the current one.</summary>
internal sealed class CertificateInvalidator(EdgeCertificates certificates) : IRouteTableListener
{
    public void OnRoutesChanged(ClusterView view, RouteTable table)
    {
        foreach (var host in view.TakeChangedDomains())
        {
            certificates.Invalidate(host);
        }
    }
}
