using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Nimbus.Edge.Cache;

/// <summary>Everything about a stored response except its body: keys, status, headers and freshness.</summary>
internal sealed class StoredHead
{
    public StoredHead(
        string app,
        ResourceKey key,
        VariantKey variant,
        int statusCode,
        KeyValuePair<string, StringValues>[] headers,
        Freshness freshness)
    {
        App = app;
        Key = key;
        Variant = variant;
        StatusCode = statusCode;
        Headers = headers;
        Freshness = freshness;
        ETag = StoredHeaders.Find(headers, HeaderNames.ETag);
        LastModified = StoredHeaders.Find(headers, HeaderNames.LastModified);
        LastModifiedDate = FreshnessCalculator.TryParseDate(LastModified);
        EstimatedBytes = StoredHeaders.EstimateBytes(headers) + variant.EstimateBytes()
            + ((key.Path.Length + key.Query.Length + app.Length) * sizeof(char));
    }

    public string App { get; }

    public ResourceKey Key { get; }

    public VariantKey Variant { get; }

    public int StatusCode { get; }

    public KeyValuePair<string, StringValues>[] Headers { get; }

    public Freshness Freshness { get; }

    public string? ETag { get; }

    public string? LastModified { get; }

    public DateTimeOffset? LastModifiedDate { get; }

    /// <summary>Rough managed size of the head, counted against the cache's byte budget.</summary>
    public long EstimatedBytes { get; }

    public bool HasValidators => ETag is not null || LastModified is not null;
}
