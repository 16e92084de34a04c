namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// DeleteObject. Without a version id: a delete marker when versioning is Enabled, a "null" marker (replacing the
/// "null" version) when Suspended, removal when Unversioned. With one: that version (object or marker) is removed.
/// </summary>
internal sealed class DeleteObjectOperation(string bucketName, string key, string? versionId) : WriteOperation<DeleteOutcome>
{
    protected override DeleteOutcome Run(MetadataTransaction tx)
    {
        if (tx.FindBucket(bucketName) is not { } bucket)
        {
            return new DeleteOutcome(EngineStatus.NoSuchBucket, null, false);
        }
        if (versionId is not null)
        {
            if (tx.ByVersionId(bucket.Id, key, versionId) is not { } version)
            {
                return new DeleteOutcome(EngineStatus.NoSuchVersion, versionId, false);
            }
            VersionRules.Remove(tx, this, bucket.Id, key, version);
            return new DeleteOutcome(EngineStatus.Ok, versionId, version.IsDeleteMarker);
        }
        var current = tx.Newest(bucket.Id, key);
        if (bucket.Versioning == VersioningState.Unversioned)
        {
            if (current is not null)
            {
                VersionRules.Remove(tx, this, bucket.Id, key, current);
            }
            return new DeleteOutcome(EngineStatus.Ok, null, false);
        }
        var markerId = VersionRules.Write(tx, this, bucket, key, current, NewVersion.DeleteMarker());
        return new DeleteOutcome(EngineStatus.Ok, markerId, true);
    }
}
