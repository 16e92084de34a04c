namespace Nimbus.Edge.Dns;

/// <summary>RDATA that is a single name: NS, CNAME, PTR.</summary>
internal sealed record DnsNameData(string Name) : DnsRecordData
{
    public override void Write(ref DnsWriter writer) => WriteName(ref writer, Name, compress: true);
}
