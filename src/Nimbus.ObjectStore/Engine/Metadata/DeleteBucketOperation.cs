namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>DeleteBucket: refused while any version or delete marker is left; aborts the bucket's uploads.</summary>
internal sealed class DeleteBucketOperation(string name) : WriteOperation<EngineStatus>
{
    protected override EngineStatus Run(MetadataTransaction tx)
    {
        if (tx.FindBucket(name) is not { } bucket)
        {
            return EngineStatus.NoSuchBucket;
        }
        if (tx.BucketHasVersions(bucket.Id))
        {
            return EngineStatus.BucketNotEmpty;
        }
        foreach (var upload in tx.UploadsOf(bucket.Id))
        {
            foreach (var part in tx.Parts(upload))
            {
                ReleaseAfterCommit(part.Layout);
            }
            tx.DeleteUpload(upload);
        }
        tx.DeleteBucket(bucket.Id);
        return EngineStatus.Ok;
    }
}
