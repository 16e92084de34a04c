namespace Nimbus.Edge.Dns;

/// <summary>SRV RDATA (RFC 2782). The target is never compressed on write, as RFC 2782 asks.</summary>
internal sealed record DnsSrvData(ushort Priority, ushort Weight, ushort Port, string Target) : DnsRecordData
{
    public override void Write(ref DnsWriter writer)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);
        WriteName(ref writer, Target, compress: false);
    }
}
