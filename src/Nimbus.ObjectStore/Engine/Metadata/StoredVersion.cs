namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>What the writer needs of an existing version: its identity, whether it is current, and what to release
/// (<see cref="Layout"/> is empty for data kept inline in the metadata store: there is nothing to release).</summary>
internal sealed record StoredVersion(long Id, string VersionId, bool IsLatest, bool IsDeleteMarker, string ETag, byte[] Layout, string? Attributes);
