namespace Nimbus.Edge.Dns;

/// <summary>A name that exists in one of our zones, with its records pre-encoded. Empty arrays mean "no data of that type".</summary>
internal sealed class DnsNode(DnsZoneApex zone)
{
    public DnsZoneApex Zone { get; } = zone;

    /// <summary>True for the zone's own name, which owns the SOA and NS records.</summary>
    public bool IsApex { get; set; }

    public byte[][] A { get; set; } = [];

    public byte[][] Aaaa { get; set; } = [];

    public DnsSrvEntry[] Srv { get; set; } = [];
}
