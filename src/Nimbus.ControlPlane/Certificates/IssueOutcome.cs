using Nimbus.Api.Contracts;

namespace Nimbus.ControlPlane.Certificates;

/// <summary>A certificate, or why there is none: an invalid host (400), a host Nimbus does not serve (404), or a custom
/// certificate whose files are gone (503).</summary>
internal sealed record IssueOutcome(IssuedCertificate? Certificate, string? InvalidMessage, string? MissingMessage, string? UnavailableMessage)
{
    public static IssueOutcome Issued(IssuedCertificate certificate) => new(certificate, null, null, null);
    public static IssueOutcome Invalid(string message) => new(null, message, null, null);
    public static IssueOutcome Missing(string message) => new(null, null, message, null);
    public static IssueOutcome Unavailable(string message) => new(null, null, null, message);
}
