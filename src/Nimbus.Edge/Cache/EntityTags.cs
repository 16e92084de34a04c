namespace Nimbus.Edge.Cache;

/// <summary>Entity-tag comparison (RFC 9110 8.8.3.2) and <c>If-None-Match</c> evaluation.</summary>
internal static class EntityTags
{
    /// <summary>Weak comparison: the opaque tags match, whether or not either is marked weak (<c>W/</c>).</summary>
    public static bool WeakEquals(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        Opaque(a.Trim()).SequenceEqual(Opaque(b.Trim()));

    /// <summary>Whether an <c>If-None-Match</c> list (or <c>*</c>) names the stored ETag (RFC 9110 13.1.2, weak comparison).</summary>
    public static bool AnyMatches(string ifNoneMatch, string? etag)
    {
        var rest = ifNoneMatch.AsSpan();
        while (!rest.IsEmpty)
        {
            rest = rest.TrimStart(" \t,");
            if (rest.IsEmpty)
            {
                break;
            }

            // An entity-tag is [W/]"opaque"; the quoted part may contain commas, so scan to its closing quote.
            var start = rest;
            var i = rest.StartsWith("W/") ? 2 : 0;
            if (i < rest.Length && rest[i] == '"')
            {
                var close = rest[(i + 1)..].IndexOf('"');
                i = close < 0 ? rest.Length : i + close + 2;
            }
            else
            {
                var comma = rest.IndexOf(',');
                i = comma < 0 ? rest.Length : comma;
            }

            var tag = start[..i].Trim(" \t");
            rest = rest[i..];
            if (tag is "*")
            {
                return true;
            }

            if (etag is not null && WeakEquals(tag, etag))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<char> Opaque(ReadOnlySpan<char> tag) => tag.StartsWith("W/") ? tag[2..] : tag;
}
