namespace Nimbus.Api.Contracts;

/// <summary><c>POST /v1/certificates</c>: a certificate for one host Nimbus serves.</summary>
public sealed class IssueCertificateRequest
{
    public string Host { get; set; } = "";
}
