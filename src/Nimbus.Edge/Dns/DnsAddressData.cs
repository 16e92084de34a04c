using System.Net;

namespace Nimbus.Edge.Dns;

/// <summary>A (4-byte) or AAAA (16-byte) RDATA.</summary>
internal sealed record DnsAddressData(IPAddress Address) : DnsRecordData
{
    public override void Write(ref DnsWriter writer)
    {
        Span<byte> bytes = stackalloc byte[16];
        Address.TryWriteBytes(bytes, out int length);
        writer.WriteBytes(bytes[..length]);
    }
}
