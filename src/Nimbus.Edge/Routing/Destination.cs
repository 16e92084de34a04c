using Nimbus.Edge.Health;
using Nimbus.Edge.Proxy.Upstream;

namespace Nimbus.Edge.Routing;

/// <summary>One ready instance traffic can go to. The object lives as long as the instance keeps its address, across
/// routing snapshots, so its in-flight count and health carry over when the table is rebuilt.</summary>
internal sealed class Destination(string instance, string address)
{
    private int _inFlight;
    private UpstreamConnectionPool? _upstream;

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

    /// <summary>This instance's keep-alive connections (for <see cref="Http1Forwarder"/>), made on first use; they
    /// live as long as this object, across routing snapshots, like the health and in-flight count.</summary>
    public UpstreamConnectionPool UpstreamPool(UpstreamPoolSettings settings)
    {
        var pool = Volatile.Read(ref _upstream);
        if (pool is null)
        {
            var created = new UpstreamConnectionPool(Address, settings);
            pool = Interlocked.CompareExchange(ref _upstream, created, null) ?? created;
        }
        return pool;
    }
}
