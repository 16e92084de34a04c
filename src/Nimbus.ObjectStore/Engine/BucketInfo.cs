namespace Nimbus.ObjectStore.Engine;

/// <summary>An immutable view of a bucket and its settings.</summary>
public sealed record BucketInfo(string Name, string Owner, DateTimeOffset Created, BucketSettings Settings);

public enum VersioningState : byte { Unversioned = 0, Enabled = 1, Suspended = 2 }

/// <summary>Bucket configuration set through the S3 sub-resources.</summary>
public sealed record BucketSettings
{
    public static readonly BucketSettings Default = new();

    public VersioningState Versioning { get; init; }

    /// <summary>Null when no CORS configuration is set.</summary>
    public IReadOnlyList<CorsRule>? Cors { get; init; }

    /// <summary>Default server-side encryption for new objects (SSE-S3) when the request asks for none.</summary>
    public bool DefaultEncryption { get; init; }

    /// <summary>Copies of each chunk; 1 on a single node.</summary>
    public int Replicas { get; init; } = 1;
}

public sealed record CorsRule(
    string? Id,
    IReadOnlyList<string> AllowedOrigins,
    IReadOnlyList<string> AllowedMethods,
    IReadOnlyList<string> AllowedHeaders,
    IReadOnlyList<string> ExposeHeaders,
    int? MaxAgeSeconds);
