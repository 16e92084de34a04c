namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>Replaces a bucket's settings with what <paramref name="update"/> makes of the committed ones.</summary>
internal sealed class UpdateBucketOperation(string name, Func<BucketSettings, BucketSettings> update) : WriteOperation<EngineStatus>
{
    protected override EngineStatus Run(MetadataTransaction tx)
    {
        if (tx.FindBucket(name) is not { } bucket)
        {
            return EngineStatus.NoSuchBucket;
        }
        tx.UpdateBucket(bucket.Id, update(tx.BucketSettings(bucket.Id)));
        return EngineStatus.Ok;
    }
}
