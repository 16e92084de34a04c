namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>Writes nothing; makes the writer reload its bucket catalog after the batch (a follower's copy gained or
/// lost buckets through the change feed, written by another connection).</summary>
internal sealed class ReloadCatalogOperation : WriteOperation<bool>
{
    protected override bool Run(MetadataTransaction tx)
    {
        tx.BucketsChanged = true;
        return true;
    }
}
