namespace Nimbus.Edge.Dns;

/// <summary>Wire constants shared by the codec and the server.</summary>
internal static class DnsConstants
{
    public const int HeaderLength = 12;
    public const int MaxNameLength = 255;
    public const int MaxLabelLength = 63;

    /// <summary>A name can hold at most 127 labels, so more hops than that can only be a loop.</summary>
    public const int MaxPointerHops = 128;

    /// <summary>Every wire byte can become "\DDD" in presentation form.</summary>
    public const int MaxPresentationLength = 1024;

    /// <summary>Classic UDP limit without EDNS (RFC 1035 4.2.1).</summary>
    public const int ClassicUdpSize = 512;

    /// <summary>What we advertise and the most we send over UDP: the DNS flag day 2020 size, which avoids IP fragmentation.</summary>
    public const int OurUdpPayloadSize = 1232;

    public const int MaxTcpMessageLength = 65535;

    public const ushort ClassIn = 1;
    public const ushort ClassAny = 255;

    /// <summary>Every record we serve lives 5 s, so a changed snapshot is seen quickly.</summary>
    public const uint Ttl = 5;

    public const ushort FlagResponse = 0x8000;
    public const ushort FlagAuthoritative = 0x0400;
    public const ushort FlagTruncated = 0x0200;
    public const ushort FlagRecursionDesired = 0x0100;
    public const ushort FlagRecursionAvailable = 0x0080;
    public const ushort FlagCheckingDisabled = 0x0010;
    public const int OpcodeShift = 11;
    public const ushort OpcodeMask = 0x7800;
    public const ushort RcodeMask = 0x000F;

    /// <summary>The OPT record's DO bit, in the low 16 bits of its TTL field.</summary>
    public const uint EdnsDnssecOk = 0x8000;

    /// <summary>Size of an OPT record with no options: root name, type, class, TTL, RDLENGTH.</summary>
    public const int OptRecordLength = 11;
}
