namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>Starts keeping the change log (creates its triggers) if it is not kept yet; answers whether it was already.
/// Every write committed after this one is logged; the rows from before reach a copy by a full copy.</summary>
internal sealed class EnableChangeLogOperation : WriteOperation<bool>
{
    protected override bool Run(MetadataTransaction tx) => tx.EnableChangeLog();
}
