namespace Nimbus.Api.Bundles;

/// <summary>Checks an archive entry's name and turns it into a safe relative path.</summary>
internal static class BundleEntryName
{
    public const int MaxLength = 4096;

    /// <summary>The name as '/'-separated segments with "." and empty segments dropped; throws for an absolute
    /// name, a ".." segment, a backslash, a NUL or an over-long name. Empty for the root ("./").</summary>
    public static string[] ToSegments(string name)
    {
        if (name.Length > MaxLength)
        {
            throw new InvalidBundleException(name, $"name is longer than {MaxLength} characters");
        }
        if (name.Length == 0)
        {
            throw new InvalidBundleException(name, "name is empty");
        }
        if (name[0] == '/' || Path.IsPathRooted(name) || (name.Length >= 2 && name[1] == ':'))
        {
            throw new InvalidBundleException(name, "absolute paths are not allowed");
        }
        if (name.Contains('\\') || name.Contains('\0'))
        {
            throw new InvalidBundleException(name, "backslashes and NUL are not allowed in names");
        }
        var segments = new List<string>();
        foreach (var segment in name.Split('/'))
        {
            if (segment == "..")
            {
                throw new InvalidBundleException(name, "'..' is not allowed in names");
            }
            if (segment.Length > 0 && segment != ".")
            {
                segments.Add(segment);
            }
        }
        return [.. segments];
    }
}
