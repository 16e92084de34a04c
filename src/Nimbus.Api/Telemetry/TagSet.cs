namespace Nimbus.Api.Telemetry;

/// <summary>One series' tags, copied out of a measurement once (the first time that combination is seen).</summary>
internal sealed class TagSet
{
    private readonly KeyValuePair<string, object?>[] _tags;

    private TagSet(KeyValuePair<string, object?>[] tags, int hash)
    {
        _tags = tags;
        Hash = hash;
    }

    public int Hash { get; }

    public ReadOnlySpan<KeyValuePair<string, object?>> Tags => _tags;

    public static TagSet Copy(ReadOnlySpan<KeyValuePair<string, object?>> tags, int hash) => new(tags.ToArray(), hash);

    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = new HashCode();
        foreach (var tag in tags)
        {
            hash.Add(tag.Key, StringComparer.Ordinal);
            hash.Add(tag.Value);
        }
        return hash.ToHashCode();
    }

    public bool Has(KeyValuePair<string, object?> tag)
    {
        foreach (var own in _tags)
        {
            if (string.Equals(own.Key, tag.Key, StringComparison.Ordinal) && Equals(own.Value, tag.Value))
            {
                return true;
            }
        }
        return false;
    }

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }
        for (var i = 0; i < tags.Length; i++)
        {
            if (!string.Equals(tags[i].Key, _tags[i].Key, StringComparison.Ordinal) || !Equals(tags[i].Value, _tags[i].Value))
            {
                return false;
            }
        }
        return true;
    }
}
