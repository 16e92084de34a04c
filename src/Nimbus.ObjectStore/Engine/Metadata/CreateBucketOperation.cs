namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>CreateBucket: names are unique per node; an existing name answers by its owner.</summary>
internal sealed class CreateBucketOperation(string name, string owner, BucketSettings settings) : WriteOperation<EngineStatus>
{
    protected override EngineStatus Run(MetadataTransaction tx)
    {
        if (tx.FindBucket(name) is { } existing)
        {
            return existing.Owner == owner ? EngineStatus.BucketAlreadyOwnedByYou : EngineStatus.BucketAlreadyExists;
        }
        tx.InsertBucket(name, owner, settings);
        return EngineStatus.Ok;
    }
}
