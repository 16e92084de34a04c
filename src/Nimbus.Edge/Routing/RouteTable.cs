namespace Nimbus.Edge.Routing;

/// <summary>An immutable routing snapshot: host → app route. Built off the request path by <see cref="RouteTableBuilder"/>
/// and swapped in whole; a request reads one table from start to end, so a change never affects it half-way.</summary>
internal sealed class RouteTable
{
    public static readonly RouteTable Empty = new(new Dictionary<string, AppRoute>(StringComparer.OrdinalIgnoreCase), new Dictionary<string, AppRoute>(StringComparer.Ordinal), 0, "nimbus.internal");

    private readonly Dictionary<string, AppRoute>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public RouteTable(Dictionary<string, AppRoute> hosts, Dictionary<string, AppRoute> apps, long revision, string domain)
    {
        Hosts = hosts;
        Apps = apps;
        Revision = revision;
        Domain = domain;
        _lookup = hosts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Every host served, ignoring case.</summary>
    public IReadOnlyDictionary<string, AppRoute> Hosts { get; }

    /// <summary>Routes by app name.</summary>
    public IReadOnlyDictionary<string, AppRoute> Apps { get; }

    /// <summary>The store revision this table reflects.</summary>
    public long Revision { get; }

    public string Domain { get; }

    public AppRoute? Find(ReadOnlySpan<char> host) => _lookup.TryGetValue(host, out var route) ? route : null;
}
