using System.Xml.Linq;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.S3.Http;

/// <summary>Object tags from the x-amz-tagging header (URL query syntax) or a Tagging document, with S3's limits.</summary>
internal static class Tagging
{
    public const int MaxTags = 10;

    public static IReadOnlyList<KeyValuePair<string, string>> ParseHeader(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return [];
        }
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var pair in header.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            tags.Add(new(key, value));
        }
        return Validate(tags);
    }

    public static IReadOnlyList<KeyValuePair<string, string>> ParseDocument(XElement root)
    {
        var tags = new List<KeyValuePair<string, string>>();
        var set = root.Child("TagSet") ?? throw new S3Exception(S3Errors.MalformedXml("Tagging needs a TagSet"));
        foreach (var tag in set.Children("Tag"))
        {
            var key = tag.ChildValue("Key") ?? throw new S3Exception(S3Errors.MalformedXml("every Tag needs a Key"));
            tags.Add(new(key, tag.ChildValue("Value") ?? ""));
        }
        return Validate(tags);
    }

    private static List<KeyValuePair<string, string>> Validate(List<KeyValuePair<string, string>> tags)
    {
        if (tags.Count > MaxTags)
        {
            throw new S3Exception(S3Errors.InvalidTag($"Object tags cannot be greater than {MaxTags}"));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128)
            {
                throw new S3Exception(S3Errors.InvalidTag("The TagKey you have provided is invalid: 1 to 128 characters."));
            }
            if (value.Length > 256)
            {
                throw new S3Exception(S3Errors.InvalidTag("The TagValue you have provided is invalid: at most 256 characters."));
            }
            if (!seen.Add(key))
            {
                throw new S3Exception(S3Errors.InvalidTag($"Cannot provide multiple Tags with the same key ('{key}')."));
            }
        }
        return tags;
    }
}
