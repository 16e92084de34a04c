namespace Nimbus.Edge.Dns;

/// <summary>
/// What the server needs from a query, read without allocating; the question name lives in the
/// caller's buffer (<see cref="DnsQueryReader.Read"/>).
/// </summary>
internal struct DnsQuery
{
    public ushort Id;
    public ushort Flags;
    public int NameLength;
    public ushort Type;
    public ushort Class;
    public bool HasEdns;
    public ushort EdnsPayloadSize;
    public byte EdnsVersion;
    public bool DnssecOk;

    /// <summary>True once the question was read, so error answers can echo it.</summary>
    public bool HasQuestion;

    /// <summary>The most bytes a UDP answer may take: 512 without EDNS, else the client's size capped at ours.</summary>
    public readonly int UdpResponseLimit => HasEdns
        ? Math.Clamp((int)EdnsPayloadSize, DnsConstants.ClassicUdpSize, DnsConstants.OurUdpPayloadSize)
        : DnsConstants.ClassicUdpSize;
}
