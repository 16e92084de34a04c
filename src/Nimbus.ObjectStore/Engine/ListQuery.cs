namespace Nimbus.ObjectStore.Engine;

/// <summary>
/// One page of a listing. <see cref="After"/> is exclusive (start-after / marker / decoded continuation token);
/// with a <see cref="Delimiter"/>, keys sharing a prefix up to the delimiter roll up into one common prefix, which
/// counts once toward <see cref="MaxKeys"/>.
/// </summary>
public sealed record ListQuery(string Bucket, string Prefix, string? Delimiter, string? After, int MaxKeys);

/// <summary>A page of current objects (delete markers excluded) and common prefixes, both in UTF-8 binary key order. <c>NextAfter</c> is the last key or common prefix on the page: pass it as <see cref="ListQuery.After"/> for the next.</summary>
public sealed record ListPage(
    EngineStatus Status,
    IReadOnlyList<ObjectVersion> Objects,
    IReadOnlyList<string> CommonPrefixes,
    bool IsTruncated,
    string? NextAfter);

/// <summary>ListObjectVersions: versions and delete markers, key ascending, newest version first within a key.</summary>
public sealed record VersionQuery(string Bucket, string Prefix, string? Delimiter, string? KeyMarker, string? VersionIdMarker, int MaxKeys);

public sealed record VersionPage(
    EngineStatus Status,
    IReadOnlyList<ObjectVersion> Versions,
    IReadOnlyList<string> CommonPrefixes,
    bool IsTruncated,
    string? NextKeyMarker,
    string? NextVersionIdMarker);
