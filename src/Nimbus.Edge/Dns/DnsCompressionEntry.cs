namespace Nimbus.Edge.Dns;

/// <summary>A name suffix already written to a message, which later names may point at (RFC 1035 4.1.4).</summary>
internal struct DnsCompressionEntry
{
    public ushort Offset;
    public ushort Length;
    public uint Hash;
}
