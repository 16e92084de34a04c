namespace Nimbus.Edge.Dns;

/// <summary>A zone we are authoritative for (the cloud domain or a custom domain), pre-encoded for SOA and NS answers.</summary>
internal sealed class DnsZoneApex(byte[] name, byte[] nameServer, byte[] hostmaster, uint serial, byte[][] nameServerA, byte[][] nameServerAaaa)
{
    public const uint Refresh = 3600;
    public const uint Retry = 600;
    public const uint Expire = 86400;

    public byte[] Name { get; } = name;

    /// <summary>"ns.&lt;domain&gt;", the SOA MNAME and the NS target.</summary>
    public byte[] NameServer { get; } = nameServer;

    /// <summary>"hostmaster.&lt;domain&gt;", the SOA RNAME.</summary>
    public byte[] Hostmaster { get; } = hostmaster;

    public uint Serial { get; } = serial;

    /// <summary>Glue for NS answers: the edges, which run this server.</summary>
    public byte[][] NameServerA { get; } = nameServerA;

    public byte[][] NameServerAaaa { get; } = nameServerAaaa;
}
