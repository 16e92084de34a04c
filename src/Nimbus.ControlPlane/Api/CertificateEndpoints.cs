using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.ControlPlane.Certificates;

namespace Nimbus.ControlPlane.Api;

/// <summary>GET /v1/cluster (the cloud domain), GET /v1/ca (the local CA, PEM) and POST /v1/certificates (a leaf for a
/// host Nimbus serves, which is what edges ask for on a TLS handshake).</summary>
internal static class CertificateEndpoints
{
    public const string PemContentType = "application/x-pem-file";

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/cluster", (ControlPlaneOptions options) =>
            Respond.Json(new ClusterInfo { Domain = options.CloudDomain }, NimbusJson.Default.ClusterInfo))
            .WithName("get-cluster").Produces<ClusterInfo>();

        v1.MapGet("/ca", (LocalCertificateAuthority authority) =>
            TypedResults.Text(authority.CertificatePem, PemContentType))
            .WithName("get-ca").Produces<string>(contentType: PemContentType);

        v1.MapPost("/certificates", async (HttpRequest request, CertificateService certificates, CancellationToken ct) =>
        {
            var (body, error) = await JsonBody.ReadAsync(request, NimbusJson.Default.IssueCertificateRequest, ct);
            if (error is not null)
            {
                return error;
            }
            var outcome = await certificates.IssueAsync(body!.Host, ct);
            if (outcome.Certificate is { } certificate)
            {
                return Respond.Json(certificate, NimbusJson.Default.IssuedCertificate);
            }
            return outcome.InvalidMessage is { } invalid ? Problems.BadRequest(invalid, "host")
                : outcome.MissingMessage is { } missing ? Problems.NotFound(missing)
                : Problems.Unavailable(outcome.UnavailableMessage!);
        }).WithName("issue-certificate").Accepts<IssueCertificateRequest>("application/json").Produces<IssuedCertificate>();
    }
}
