using System.Net;
using Nimbus.Api.Client;
using Nimbus.Api.Contracts;

namespace Nimbus.Edge.Tls;

/// <summary>Asks the control plane (POST /v1/certificates) for a host's certificate.</summary>
internal sealed class ControlPlaneCertificateIssuer(NimbusClient client) : ICertificateIssuer
{
    public async Task<IssuedCertificate?> IssueAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await client.IssueCertificateAsync(host, cancellationToken).ConfigureAwait(false);
        }
        // 404: not an app or domain; 400: not even a host name (a client can send any bytes as SNI).
        catch (NimbusApiException ex) when (ex.Status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            return null;
        }
    }
}
