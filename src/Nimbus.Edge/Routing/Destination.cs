using Nimbus.Edge.Health;

namespace Nimbus.Edge.Routing;

/// <summary>One ready instance traffic can go to. The object lives as long as the instance keeps its address, across
/// routing snapshots, so its in-flight count and health carry over when the table is rebuilt.</summary>
internal sealed class Destination(string instance, string address)
{
    private int _inFlight;

    /// <summary>Instance name, e.g. "hello-3f9c1a".</summary>
    public string Instance { get; } = instance;

    /// <summary>host:port.</summary>
    public string Address { get; } = address;

    /// <summary>"http://host:port", the prefix of every forwarded request's URI.</summary>
    public string BaseUri { get; } = "http://" + address;

    public PassiveHealth Health { get; } = new();

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Begin() => Interlocked.Increment(ref _inFlight);

    public void End() => Interlocked.Decrement(ref _inFlight);
}
