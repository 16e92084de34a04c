namespace Nimbus.ObjectStore.Engine;

/// <summary>What the client said about an object: standard headers, user metadata (x-amz-meta-*, names lower-case) and tags.</summary>
public sealed record ObjectAttributes
{
    public static readonly ObjectAttributes Empty = new();

    public string? ContentType { get; init; }
    public string? ContentEncoding { get; init; }
    public string? ContentDisposition { get; init; }
    public string? ContentLanguage { get; init; }
    public string? CacheControl { get; init; }
    /// <summary>The Expires header as the client sent it.</summary>
    public string? Expires { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> UserMetadata { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];
}
