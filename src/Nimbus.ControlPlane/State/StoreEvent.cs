namespace Nimbus.ControlPlane.State;

/// <summary>One change: a put carries the new value, a delete the last one.</summary>
public sealed record StoreEvent(StoreEventType Type, KeyValue Entry, long Revision);

public enum StoreEventType
{
    Put = 1,
    Delete = 2,
}
