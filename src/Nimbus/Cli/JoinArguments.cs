using System.CommandLine;

namespace Nimbus.Cli;

/// <summary>What every role that joins a control plane (<c>nimbus agent</c>, <c>nimbus edge</c>) is given: where it is,
/// the cluster token and the zone — checked the same way for each.</summary>
internal static class JoinArguments
{
    public static Option<string> JoinOption() => new("--join") { Description = "Control-plane API URL, e.g. http://127.0.0.1:7070", Required = true };

    public static Option<string?> TokenOption() => new("--token") { Description = "Cluster token (default: $NIMBUS_TOKEN)" };

    /// <summary>The control plane's base URL (ending in '/'), the token and the zone; a clear error for each that is wrong.</summary>
    public static (Uri Join, string Token, string Zone) Read(ParseResult result, Option<string> join, Option<string?> token, Option<string> zone)
    {
        var secret = result.GetValue(token) ?? Environment.GetEnvironmentVariable("NIMBUS_TOKEN");
        if (string.IsNullOrEmpty(secret))
        {
            throw new CliException(ExitCodes.InvalidInput, "--token is required (or NIMBUS_TOKEN); it is in the control plane's <data>/credentials");
        }
        if (!Uri.TryCreate(result.GetValue(join), UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https"))
        {
            throw new CliException(ExitCodes.InvalidInput, "--join must be the control plane's http(s) URL, e.g. http://127.0.0.1:7070");
        }
        var zoneName = result.GetValue(zone)!;
        if (!Api.Resources.Names.IsValid(zoneName))
        {
            throw new CliException(ExitCodes.InvalidInput, $"--zone '{zoneName}' is not valid: {Api.Resources.Names.Rule}");
        }
        return (new Uri(url.ToString().TrimEnd('/') + "/"), secret, zoneName);
    }
}
