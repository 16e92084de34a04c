using System.Text.Json;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>Encodes the JSON columns; empty attributes and part lists are stored as NULL (most objects have neither).</summary>
internal static class StoredJson
{
    public static string? Attributes(ObjectAttributes attributes) =>
        attributes.ContentType is null && attributes.ContentEncoding is null && attributes.ContentDisposition is null
        && attributes.ContentLanguage is null && attributes.CacheControl is null && attributes.Expires is null
        && attributes.UserMetadata.Count == 0 && attributes.Tags.Count == 0
            ? null
            : JsonSerializer.Serialize(attributes, EngineJson.Default.ObjectAttributes);

    public static ObjectAttributes Attributes(string? json) =>
        json is null ? ObjectAttributes.Empty : JsonSerializer.Deserialize(json, EngineJson.Default.ObjectAttributes) ?? ObjectAttributes.Empty;

    public static string Settings(BucketSettings settings) => JsonSerializer.Serialize(settings, EngineJson.Default.BucketSettings);

    public static BucketSettings Settings(string json)
    {
        var settings = JsonSerializer.Deserialize(json, EngineJson.Default.BucketSettings) ?? BucketSettings.Default;
        // Source-generated deserialization sets init-only properties missing from the JSON to default(T), not to their
        // initializers: a replica count absent from older settings would read as 0.
        return settings.Replicas < 1 ? settings with { Replicas = 1 } : settings;
    }

    public static string? PartSizes(IReadOnlyList<long> sizes)
    {
        if (sizes.Count == 0)
        {
            return null;
        }
        var array = new long[sizes.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = sizes[i];
        }
        return JsonSerializer.Serialize(array, EngineJson.Default.Int64Array);
    }

    public static IReadOnlyList<long> PartSizes(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize(json, EngineJson.Default.Int64Array) ?? [];
}
