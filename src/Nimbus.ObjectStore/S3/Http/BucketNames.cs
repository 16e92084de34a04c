using System.Net;

namespace Nimbus.ObjectStore.S3.Http;

/// <summary>S3's bucket naming rules (the general-purpose bucket rules): 3–63 characters of lower-case letters, digits,
/// dots and hyphens, starting and ending with a letter or digit, no "..", not an IP address, no reserved affixes.</summary>
internal static class BucketNames
{
    public static string? Validate(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return "a bucket name must be between 3 and 63 characters long";
        }
        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
            {
                return $"'{c}' is not allowed; use lower-case letters, digits, dots and hyphens";
            }
        }
        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return "a bucket name must start and end with a letter or digit";
        }
        if (name.Contains("..", StringComparison.Ordinal) || name.Contains(".-", StringComparison.Ordinal) || name.Contains("-.", StringComparison.Ordinal))
        {
            return "a bucket name must not contain two adjacent periods or a period next to a hyphen";
        }
        if (IPAddress.TryParse(name, out _) && name.Split('.').Length == 4)
        {
            return "a bucket name must not be formatted as an IP address";
        }
        if (name.StartsWith("xn--", StringComparison.Ordinal) || name.StartsWith("sthree-", StringComparison.Ordinal) ||
            name.EndsWith("-s3alias", StringComparison.Ordinal) || name.EndsWith("--ol-s3", StringComparison.Ordinal))
        {
            return "the name uses a prefix or suffix S3 reserves (xn--, sthree-, -s3alias, --ol-s3)";
        }
        return null;
    }
}
