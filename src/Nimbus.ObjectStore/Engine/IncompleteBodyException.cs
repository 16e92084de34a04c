namespace Nimbus.ObjectStore.Engine;

/// <summary>The request body ended before (or ran past) its announced length.</summary>
public sealed class IncompleteBodyException(long expected, long received)
    : IOException($"the body had {received} bytes where {expected} were announced")
{
    public long Expected { get; } = expected;
    public long Received { get; } = received;
}
