using System.Text.RegularExpressions;

namespace Nimbus.Api.Resources;

/// <summary>Resource names are DNS labels so they can become host names (app.nimbus.internal).</summary>
public static partial class Names
{
    public const string Rule = "1–63 lower-case letters, digits or '-', starting with a letter and not ending with '-'";

    public static bool IsValid(string? name) => name is not null && DnsLabel().IsMatch(name);

    /// <summary>Environment variable names: a letter or '_' then letters, digits or '_'.</summary>
    public static bool IsValidEnvName(string? name) => name is not null && EnvName().IsMatch(name);

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();
}
