using Microsoft.Extensions.Options;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane;

/// <summary>Checks every setting at start and reports all problems at once.</summary>
internal sealed class ControlPlaneOptionsValidator : IValidateOptions<ControlPlaneOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlPlaneOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.DataDirectory))
        {
            errors.Add("DataDirectory is required");
        }
        if (options.AdminToken.Length < 16)
        {
            errors.Add("AdminToken must be at least 16 characters");
        }
        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"Port {options.Port} is outside 0–65535");
        }
        if (options.NodeTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add("NodeTimeout must be at least 1s");
        }
        if (options.ResyncInterval <= TimeSpan.Zero)
        {
            errors.Add("ResyncInterval must be positive");
        }
        if (options.MetricsInterval <= TimeSpan.Zero)
        {
            errors.Add("MetricsInterval must be positive");
        }
        if (HostNames.Normalize(options.CloudDomain, out var domainError) is not { } domain || domain != options.CloudDomain)
        {
            errors.Add($"CloudDomain {domainError ?? $"'{options.CloudDomain}' must be lower-case without a trailing dot"}");
        }
        else if (HostNames.IsLocalhost(domain))
        {
            errors.Add("CloudDomain must not be localhost or under .localhost: those names are served anyway");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
