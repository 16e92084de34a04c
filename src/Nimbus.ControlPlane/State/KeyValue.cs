namespace Nimbus.ControlPlane.State;

/// <summary>A stored value with the revision that created the key and the one that last changed it.</summary>
public sealed record KeyValue(string Key, ReadOnlyMemory<byte> Value, long CreateRevision, long ModRevision, long Lease);

/// <summary>Keys read at one revision.</summary>
public sealed record RangeResult(IReadOnlyList<KeyValue> Items, long Revision);
