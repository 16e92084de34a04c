namespace Nimbus.ObjectStore.S3.Http;

/// <summary>Which bucket and key a request names, from a virtual-hosted host (<c>BUCKET.s3.localhost</c>) or the path
/// (<c>/BUCKET/KEY</c>). The key is decoded from the raw request target, so "%2F", "+" and "//" survive as sent.</summary>
internal readonly record struct S3Target(string? Bucket, string? Key, S3Query Query, bool VirtualHosted)
{
    public static S3Target Parse(string rawTarget, string host, IReadOnlyList<string> baseDomains)
    {
        // Absolute form (a proxy's "GET http://host/bucket/key"): the path is what was signed and what names the object.
        if (rawTarget.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || rawTarget.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var authority = rawTarget.IndexOf("//", StringComparison.Ordinal) + 2;
            var pathStart = rawTarget.IndexOfAny(['/', '?'], authority);
            rawTarget = pathStart < 0 ? "/" : rawTarget[pathStart] == '?' ? "/" + rawTarget[pathStart..] : rawTarget[pathStart..];
        }
        var q = rawTarget.IndexOf('?');
        var path = q < 0 ? rawTarget.AsSpan() : rawTarget.AsSpan(0, q);
        var query = q < 0 ? S3Query.Empty : S3Query.Parse(rawTarget.AsSpan(q + 1));
        if (path.StartsWith('/'))
        {
            path = path[1..];
        }
        var bucket = VirtualHostBucket(host, baseDomains);
        if (bucket is not null)
        {
            return new S3Target(bucket, path.IsEmpty ? null : Uri.UnescapeDataString(path.ToString()), query, true);
        }
        if (path.IsEmpty)
        {
            return new S3Target(null, null, query, false);
        }
        var slash = path.IndexOf('/');
        if (slash < 0)
        {
            return new S3Target(Uri.UnescapeDataString(path.ToString()), null, query, false);
        }
        var key = path[(slash + 1)..];
        return new S3Target(Uri.UnescapeDataString(path[..slash].ToString()), key.IsEmpty ? null : Uri.UnescapeDataString(key.ToString()), query, false);
    }

    private static string? VirtualHostBucket(string host, IReadOnlyList<string> baseDomains)
    {
        var h = host.AsSpan();
        var colon = h.LastIndexOf(':');
        if (colon >= 0 && !h.EndsWith("]"))
        {
            h = h[..colon];
        }
        foreach (var domain in baseDomains)
        {
            if (h.Length > domain.Length + 1 && h.EndsWith(domain, StringComparison.OrdinalIgnoreCase) && h[h.Length - domain.Length - 1] == '.')
            {
                return h[..(h.Length - domain.Length - 1)].ToString().ToLowerInvariant();
            }
        }
        return null;
    }
}
