namespace Nimbus.Edge.Dns;

/// <summary>SOA RDATA (RFC 1035 3.3.13).</summary>
internal sealed record DnsSoaData(string PrimaryServer, string Responsible, uint Serial, uint Refresh, uint Retry, uint Expire, uint Minimum)
    : DnsRecordData
{
    public override void Write(ref DnsWriter writer)
    {
        WriteName(ref writer, PrimaryServer, compress: true);
        WriteName(ref writer, Responsible, compress: true);
        writer.WriteUInt32(Serial);
        writer.WriteUInt32(Refresh);
        writer.WriteUInt32(Retry);
        writer.WriteUInt32(Expire);
        writer.WriteUInt32(Minimum);
    }
}
