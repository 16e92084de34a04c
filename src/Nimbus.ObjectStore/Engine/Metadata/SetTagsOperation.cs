namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>PutObjectTagging / DeleteObjectTagging: replaces the tag set of one version.</summary>
internal sealed class SetTagsOperation(string bucketName, string key, string? versionId, IReadOnlyList<KeyValuePair<string, string>> tags) : WriteOperation<EngineStatus>
{
    protected override EngineStatus Run(MetadataTransaction tx)
    {
        if (tx.FindBucket(bucketName) is not { } bucket)
        {
            return EngineStatus.NoSuchBucket;
        }
        var version = versionId is null ? tx.Newest(bucket.Id, key) : tx.ByVersionId(bucket.Id, key, versionId);
        if (version is null)
        {
            return versionId is null ? EngineStatus.NoSuchKey : EngineStatus.NoSuchVersion;
        }
        if (version.IsDeleteMarker)
        {
            return versionId is null ? EngineStatus.NoSuchKey : EngineStatus.DeleteMarker;
        }
        var attributes = StoredJson.Attributes(version.Attributes) with { Tags = [.. tags] };
        tx.UpdateAttributes(version.Id, StoredJson.Attributes(attributes));
        return EngineStatus.Ok;
    }
}
