namespace Nimbus.Edge.Dns;

/// <summary>RDATA of a type the codec does not interpret, passed through byte for byte (RFC 3597).</summary>
internal sealed record DnsRawData(byte[] Bytes) : DnsRecordData
{
    public override void Write(ref DnsWriter writer) => writer.WriteBytes(Bytes);
}
