namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>S3's versioning rules for writing a new current version (object or delete marker) of a key.</summary>
internal static class VersionRules
{
    /// <summary>
    /// Writes <paramref name="version"/> as the newest version of the key: with versioning Enabled under a new unique
    /// id; otherwise as "null", replacing (and releasing) the previous "null" version wherever it is in the history.
    /// Returns the version id.
    /// </summary>
    public static string Write(MetadataTransaction tx, WriteOperation operation, StoredBucket bucket, string key, StoredVersion? current, NewVersion version)
    {
        string versionId;
        if (bucket.Versioning == VersioningState.Enabled)
        {
            versionId = tx.NewVersionId();
        }
        else
        {
            versionId = VersionIds.Null;
            var previous = current?.VersionId == VersionIds.Null ? current : tx.ByVersionId(bucket.Id, key, VersionIds.Null);
            if (previous is not null)
            {
                tx.DeleteVersion(previous.Id);
                if (!previous.IsDeleteMarker)
                {
                    operation.ReleaseAfterCommit(previous.Layout);
                }
                if (ReferenceEquals(previous, current))
                {
                    current = null;
                }
            }
        }
        if (current is { IsLatest: true })
        {
            tx.SetLatest(current.Id, false);
        }
        tx.InsertVersion(bucket.Id, key, versionId, version);
        return versionId;
    }

    /// <summary>
    /// Removes one version (releasing its data after the commit); when it was the current one, the next newest becomes current.
    /// </summary>
    public static void Remove(MetadataTransaction tx, WriteOperation operation, long bucket, string key, StoredVersion version)
    {
        tx.DeleteVersion(version.Id);
        if (!version.IsDeleteMarker)
        {
            operation.ReleaseAfterCommit(version.Layout);
        }
        if (version.IsLatest && tx.Newest(bucket, key) is { } next)
        {
            tx.SetLatest(next.Id, true);
        }
    }

    /// <summary>If-Match / If-None-Match: * against the current version, inside the writer's transaction.</summary>
    public static EngineStatus Check(WritePreconditions preconditions, StoredVersion? current)
    {
        var exists = current is { IsDeleteMarker: false };
        if (preconditions.IfNoneMatchAny && exists)
        {
            return EngineStatus.PreconditionFailed;
        }
        if (preconditions.IfMatch is { } expected)
        {
            if (!exists)
            {
                return EngineStatus.NoSuchKey;
            }
            expected = expected.Trim('"');
            if (expected != "*" && expected != current!.ETag)
            {
                return EngineStatus.PreconditionFailed;
            }
        }
        return EngineStatus.Ok;
    }
}
