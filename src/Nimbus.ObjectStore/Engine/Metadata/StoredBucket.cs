namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>A bucket row as the writer sees it inside its transaction.</summary>
internal sealed record StoredBucket(long Id, string Name, string Owner, VersioningState Versioning);
