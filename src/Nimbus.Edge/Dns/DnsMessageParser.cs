using System.Buffers.Binary;
using System.Net;

namespace Nimbus.Edge.Dns;

/// <summary>Decodes a whole message into a <see cref="DnsMessage"/>; every failure is a <see cref="DnsParseError"/>.</summary>
internal static class DnsMessageParser
{
    private const int FixedRecordLength = 10; // type, class, TTL, RDLENGTH

    public static DnsParseError TryParse(ReadOnlySpan<byte> packet, out DnsMessage? message)
    {
        message = null;
        if (packet.Length < DnsConstants.HeaderLength)
        {
            return DnsParseError.Truncated;
        }

        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var result = new DnsMessage
        {
            Id = BinaryPrimitives.ReadUInt16BigEndian(packet),
            IsResponse = (flags & DnsConstants.FlagResponse) != 0,
            Opcode = (byte)((flags & DnsConstants.OpcodeMask) >> DnsConstants.OpcodeShift),
            IsAuthoritative = (flags & DnsConstants.FlagAuthoritative) != 0,
            IsTruncated = (flags & DnsConstants.FlagTruncated) != 0,
            RecursionDesired = (flags & DnsConstants.FlagRecursionDesired) != 0,
            RecursionAvailable = (flags & DnsConstants.FlagRecursionAvailable) != 0,
            ResponseCode = (DnsResponseCode)(flags & DnsConstants.RcodeMask),
        };
        int questions = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        int answers = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        int authorities = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        int additionals = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);

        int pos = DnsConstants.HeaderLength;
        Span<byte> wire = stackalloc byte[DnsConstants.MaxNameLength];
        for (int i = 0; i < questions; i++)
        {
            DnsParseError error = DnsName.TryRead(packet, ref pos, wire, out int length);
            if (error != DnsParseError.None)
            {
                return error;
            }

            if (pos + 4 > packet.Length)
            {
                return DnsParseError.Truncated;
            }

            result.Questions.Add(new DnsQuestion(
                DnsName.ToString(wire[..length]),
                (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(packet[pos..]),
                BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 2)..])));
            pos += 4;
        }

        int total = answers + authorities + additionals;
        for (int i = 0; i < total; i++)
        {
            DnsParseError error = DnsName.TryRead(packet, ref pos, wire, out int nameLength);
            if (error != DnsParseError.None)
            {
                return error;
            }

            if (pos + FixedRecordLength > packet.Length)
            {
                return DnsParseError.Truncated;
            }

            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(packet[pos..]);
            ushort @class = BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 2)..]);
            uint ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(pos + 4)..]);
            int dataLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 8)..]);
            pos += FixedRecordLength;
            if (pos + dataLength > packet.Length)
            {
                return DnsParseError.Truncated;
            }

            if (type == DnsRecordType.OPT)
            {
                error = ReadOpt(result, i >= answers + authorities, nameLength, @class, ttl, packet.Slice(pos, dataLength));
                if (error != DnsParseError.None)
                {
                    return error;
                }

                pos += dataLength;
                continue;
            }

            error = ReadData(packet, pos, dataLength, type, out DnsRecordData? data);
            if (error != DnsParseError.None)
            {
                return error;
            }

            pos += dataLength;
            var record = new DnsRecord(DnsName.ToString(wire[..nameLength]), type, ttl, data!, @class);
            (i < answers ? result.Answers : i < answers + authorities ? result.Authorities : result.Additionals).Add(record);
        }

        message = result;
        return DnsParseError.None;
    }

    private static DnsParseError ReadOpt(DnsMessage message, bool inAdditional, int nameLength, ushort @class, uint ttl, ReadOnlySpan<byte> data)
    {
        if (message.Edns is not null)
        {
            return DnsParseError.DuplicateOpt;
        }

        if (!inAdditional || nameLength != 1)
        {
            return DnsParseError.BadOpt;
        }

        var options = new List<DnsEdnsOption>();
        int pos = 0;
        while (pos < data.Length)
        {
            if (pos + 4 > data.Length)
            {
                return DnsParseError.BadOpt;
            }

            ushort code = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
            if (pos + 4 + length > data.Length)
            {
                return DnsParseError.BadOpt;
            }

            options.Add(new DnsEdnsOption(code, data.Slice(pos + 4, length).ToArray()));
            pos += 4 + length;
        }

        byte extended = (byte)(ttl >> 24);
        message.ResponseCode = (DnsResponseCode)(((int)message.ResponseCode & 0xF) | (extended << 4));
        message.Edns = new DnsEdns(@class, (byte)(ttl >> 16), (ttl & DnsConstants.EdnsDnssecOk) != 0, extended) { Options = options };
        return DnsParseError.None;
    }

    private static DnsParseError ReadData(ReadOnlySpan<byte> packet, int start, int length, DnsRecordType type, out DnsRecordData? data)
    {
        data = null;
        ReadOnlySpan<byte> rdata = packet.Slice(start, length);
        switch (type)
        {
            case DnsRecordType.A when length == 4:
            case DnsRecordType.AAAA when length == 16:
                data = new DnsAddressData(new IPAddress(rdata));
                return DnsParseError.None;
            case DnsRecordType.A:
            case DnsRecordType.AAAA:
                return DnsParseError.BadRecordData;
            case DnsRecordType.NS or DnsRecordType.CNAME or DnsRecordType.PTR:
            {
                int pos = start;
                DnsParseError error = ReadName(packet, ref pos, start + length, out string? name);
                data = error == DnsParseError.None ? new DnsNameData(name!) : null;
                return error != DnsParseError.None ? error : pos == start + length ? DnsParseError.None : DnsParseError.BadRecordData;
            }

            case DnsRecordType.SOA:
            {
                int pos = start;
                DnsParseError error = ReadName(packet, ref pos, start + length, out string? primary);
                if (error == DnsParseError.None)
                {
                    error = ReadName(packet, ref pos, start + length, out string? responsible);
                    if (error == DnsParseError.None)
                    {
                        if (start + length - pos != 20)
                        {
                            return DnsParseError.BadRecordData;
                        }

                        ReadOnlySpan<byte> n = packet[pos..];
                        data = new DnsSoaData(
                            primary!,
                            responsible!,
                            BinaryPrimitives.ReadUInt32BigEndian(n),
                            BinaryPrimitives.ReadUInt32BigEndian(n[4..]),
                            BinaryPrimitives.ReadUInt32BigEndian(n[8..]),
                            BinaryPrimitives.ReadUInt32BigEndian(n[12..]),
                            BinaryPrimitives.ReadUInt32BigEndian(n[16..]));
                    }
                }

                return error;
            }

            case DnsRecordType.SRV:
            {
                if (length < 7)
                {
                    return DnsParseError.BadRecordData;
                }

                int pos = start + 6;
                DnsParseError error = ReadName(packet, ref pos, start + length, out string? target);
                if (error != DnsParseError.None)
                {
                    return error;
                }

                if (pos != start + length)
                {
                    return DnsParseError.BadRecordData;
                }

                data = new DnsSrvData(
                    BinaryPrimitives.ReadUInt16BigEndian(rdata),
                    BinaryPrimitives.ReadUInt16BigEndian(rdata[2..]),
                    BinaryPrimitives.ReadUInt16BigEndian(rdata[4..]),
                    target!);
                return DnsParseError.None;
            }

            case DnsRecordType.TXT:
            {
                var strings = new List<byte[]>();
                int pos = 0;
                while (pos < rdata.Length)
                {
                    int count = rdata[pos];
                    if (pos + 1 + count > rdata.Length)
                    {
                        return DnsParseError.BadRecordData;
                    }

                    strings.Add(rdata.Slice(pos + 1, count).ToArray());
                    pos += 1 + count;
                }

                data = new DnsTxtData(strings);
                return DnsParseError.None;
            }

            default:
                data = new DnsRawData(rdata.ToArray());
                return DnsParseError.None;
        }
    }

    /// <summary>Reads a name inside RDATA: it may point anywhere earlier, but its own bytes must end within the RDATA.</summary>
    private static DnsParseError ReadName(ReadOnlySpan<byte> packet, ref int pos, int dataEnd, out string? name)
    {
        name = null;
        Span<byte> wire = stackalloc byte[DnsConstants.MaxNameLength];
        DnsParseError error = DnsName.TryRead(packet, ref pos, wire, out int length);
        if (error != DnsParseError.None)
        {
            return error;
        }

        if (pos > dataEnd)
        {
            return DnsParseError.BadRecordData;
        }

        name = DnsName.ToString(wire[..length]);
        return DnsParseError.None;
    }
}
