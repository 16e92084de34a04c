using System.Buffers.Binary;

namespace Nimbus.Edge.Dns;

/// <summary>Reads a query on the hot path: header, the single question and the OPT record, all bounds-checked, no allocation.</summary>
internal static class DnsQueryReader
{
    /// <param name="packet">The received bytes.</param>
    /// <param name="name">At least 255 bytes; receives the question name, uncompressed, in the client's case.</param>
    /// <param name="query">What was read; <see cref="DnsQuery.Id"/> and flags are set unless the status is <see cref="DnsQueryStatus.Drop"/>.</param>
    public static DnsQueryStatus Read(ReadOnlySpan<byte> packet, Span<byte> name, out DnsQuery query)
    {
        query = default;
        if (packet.Length < DnsConstants.HeaderLength)
        {
            return DnsQueryStatus.Drop;
        }

        query.Id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        query.Flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if ((query.Flags & DnsConstants.FlagResponse) != 0)
        {
            return DnsQueryStatus.Drop;
        }

        if ((query.Flags & DnsConstants.OpcodeMask) != 0)
        {
            return DnsQueryStatus.NotImplemented;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) != 1)
        {
            return DnsQueryStatus.FormatError;
        }

        int pos = DnsConstants.HeaderLength;
        if (DnsName.TryRead(packet, ref pos, name, out query.NameLength) != DnsParseError.None || pos + 4 > packet.Length)
        {
            return DnsQueryStatus.FormatError;
        }

        query.Type = BinaryPrimitives.ReadUInt16BigEndian(packet[pos..]);
        query.Class = BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 2)..]);
        query.HasQuestion = true;
        pos += 4;

        int answersAndAuthorities = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) + BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        int total = answersAndAuthorities + BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        Span<byte> scratch = stackalloc byte[DnsConstants.MaxNameLength];
        for (int i = 0; i < total; i++)
        {
            // Huge counts end here quickly: every record needs at least 11 bytes.
            if (DnsName.TryRead(packet, ref pos, scratch, out int ownerLength) != DnsParseError.None || pos + 10 > packet.Length)
            {
                return DnsQueryStatus.FormatError;
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(packet[pos..]);
            ushort @class = BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 2)..]);
            uint ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(pos + 4)..]);
            int dataLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 8)..]);
            pos += 10;
            if (pos + dataLength > packet.Length)
            {
                return DnsQueryStatus.FormatError;
            }

            if (type == (ushort)DnsRecordType.OPT)
            {
                // RFC 6891 6.1.1: one OPT, owned by the root, in the additional section, with well-formed options.
                if (query.HasEdns || i < answersAndAuthorities || ownerLength != 1 || !OptionsWellFormed(packet.Slice(pos, dataLength)))
                {
                    return DnsQueryStatus.FormatError;
                }

                query.HasEdns = true;
                query.EdnsPayloadSize = @class;
                query.EdnsVersion = (byte)(ttl >> 16);
                query.DnssecOk = (ttl & DnsConstants.EdnsDnssecOk) != 0;
            }

            pos += dataLength;
        }

        return query.HasEdns && query.EdnsVersion > 0 ? DnsQueryStatus.BadVersion : DnsQueryStatus.Ok;
    }

    private static bool OptionsWellFormed(ReadOnlySpan<byte> data)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            if (pos + 4 > data.Length)
            {
                return false;
            }

            pos += 4 + BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
        }

        return pos == data.Length;
    }
}
