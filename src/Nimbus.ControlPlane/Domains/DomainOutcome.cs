using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Domains;

/// <summary>What a domain change came to: the stored domain, or why not (400 errors, 404, 409).</summary>
internal sealed record DomainOutcome(Domain? Domain, Dictionary<string, string[]>? Errors, string? MissingMessage, string? ConflictMessage)
{
    public static DomainOutcome Done(Domain domain) => new(domain, null, null, null);
    public static DomainOutcome Invalid(Dictionary<string, string[]> errors) => new(null, errors, null, null);
    public static DomainOutcome Missing(string message) => new(null, null, message, null);
    public static DomainOutcome Conflict(string message) => new(null, null, null, message);
}
