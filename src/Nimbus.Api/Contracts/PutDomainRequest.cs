namespace Nimbus.Api.Contracts;

/// <summary><c>PUT /v1/domains/{host}</c>: route the host to an app, optionally with the host's own certificate and
/// key (PEM; both or neither). Without them the local CA issues the host's certificate.</summary>
public sealed class PutDomainRequest
{
    public string App { get; set; } = "";
    public string? CertificatePem { get; set; }
    public string? KeyPem { get; set; }
}
