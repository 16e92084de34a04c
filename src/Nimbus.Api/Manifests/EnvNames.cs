namespace Nimbus.Api.Manifests;

/// <summary>Environment variable names: [A-Za-z_][A-Za-z0-9_]*.</summary>
internal static class EnvNames
{
    public const string Rule = "names must match [A-Za-z_][A-Za-z0-9_]*";

    public static bool IsValid(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }
}
