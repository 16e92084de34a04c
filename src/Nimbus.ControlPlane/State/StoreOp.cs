namespace Nimbus.ControlPlane.State;

/// <summary>One write in a transaction. <see cref="ExpectedRevision"/>: <see cref="Any"/> = no check,
/// <see cref="MustNotExist"/> = create only, otherwise the key's current modification revision.</summary>
public sealed record StoreOp(StoreOpType Type, string Key, ReadOnlyMemory<byte> Value, long ExpectedRevision, long Lease = 0)
{
    public const long Any = -1;
    public const long MustNotExist = 0;

    public static StoreOp Put(string key, ReadOnlyMemory<byte> value, long expectedRevision = Any, long lease = 0) =>
        new(StoreOpType.Put, key, value, expectedRevision, lease);

    public static StoreOp Delete(string key, long expectedRevision = Any) =>
        new(StoreOpType.Delete, key, ReadOnlyMemory<byte>.Empty, expectedRevision);
}

public enum StoreOpType
{
    Put,
    Delete,
}
