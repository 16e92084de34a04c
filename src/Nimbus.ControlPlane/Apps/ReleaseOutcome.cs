using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Apps;

internal sealed record ReleaseOutcome(Release? Release, Dictionary<string, string[]>? Errors, string? MissingMessage, string? ConflictMessage)
{
    public static ReleaseOutcome Created(Release release) => new(release, null, null, null);
    public static ReleaseOutcome Invalid(Dictionary<string, string[]> errors) => new(null, errors, null, null);
    public static ReleaseOutcome Missing(string message) => new(null, null, message, null);
    public static ReleaseOutcome Conflict(string message) => new(null, null, null, message);
}
