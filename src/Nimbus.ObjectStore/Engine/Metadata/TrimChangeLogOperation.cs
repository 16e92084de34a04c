namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>Drops the change log's entries every copy has applied (at or below the cut); answers how many went.</summary>
internal sealed class TrimChangeLogOperation(long cut) : WriteOperation<int>
{
    protected override int Run(MetadataTransaction tx) => tx.TrimChangeLog(cut);
}
