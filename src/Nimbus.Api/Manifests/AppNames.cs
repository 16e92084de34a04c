namespace Nimbus.Api.Manifests;

/// <summary>App names are DNS labels: 1-63 of [a-z0-9-], starting with a letter, not ending with '-'.</summary>
internal static class AppNames
{
    public const int MaxLength = 63;
    public const string Rule = "use 1-63 lowercase letters, digits and '-', starting with a letter and not ending with '-'";

    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > MaxLength || name[0] is not (>= 'a' and <= 'z') || name[^1] == '-')
        {
            return false;
        }
        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A folder's name as an app name: lower-cased, anything else than [a-z0-9-] made '-',
    /// '-' trimmed from both ends. May still be invalid (e.g. starting with a digit).</summary>
    public static string FromDirectory(string directory)
    {
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        var chars = folder.ToLowerInvariant().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                chars[i] = '-';
            }
        }
        return new string(chars).Trim('-');
    }
}
