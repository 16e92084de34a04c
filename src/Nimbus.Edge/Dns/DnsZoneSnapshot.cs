using System.Net;

namespace Nimbus.Edge.Dns;

/// <summary>
/// Everything the DNS server answers from, as one immutable value. Build a new one and hand it to
/// <see cref="DnsZoneHolder.Swap"/>; never mutate the collections after that.
/// </summary>
/// <param name="Domain">The cloud domain, e.g. "nimbus.internal".</param>
/// <param name="EdgeAddresses">Where the edges listen: the A/AAAA answers for apps and custom domains.</param>
/// <param name="Apps">App name (a DNS label) to its ready instances; an app with no instance still exists.</param>
/// <param name="CustomDomains">Custom domain name (e.g. "www.example.test") to app name.</param>
public sealed record DnsZoneSnapshot(
    string Domain,
    IReadOnlyList<IPAddress> EdgeAddresses,
    IReadOnlyDictionary<string, IReadOnlyList<DnsServiceTarget>> Apps,
    IReadOnlyDictionary<string, string> CustomDomains)
{
    /// <summary>The default domain with no edges, apps or custom domains.</summary>
    public static DnsZoneSnapshot Empty { get; } = new(
        "nimbus.internal",
        [],
        new Dictionary<string, IReadOnlyList<DnsServiceTarget>>(),
        new Dictionary<string, string>());
}
