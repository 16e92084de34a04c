using System.Buffers;

namespace Nimbus.Edge.Dns;

/// <summary>
/// A whole DNS message as objects: the general codec, used for upstream answers, tests and tools.
/// The server's hot path does not build these; it reads queries with <see cref="DnsQueryReader"/> and
/// writes answers straight into a pooled buffer with <see cref="DnsWriter"/>.
/// </summary>
internal sealed class DnsMessage
{
    public ushort Id { get; set; }

    public bool IsResponse { get; set; }

    public byte Opcode { get; set; }

    public bool IsAuthoritative { get; set; }

    public bool IsTruncated { get; set; }

    public bool RecursionDesired { get; set; }

    public bool RecursionAvailable { get; set; }

    /// <summary>The full response code: the header's 4 bits plus, with EDNS, the OPT record's 8 extended bits.</summary>
    public DnsResponseCode ResponseCode { get; set; }

    public List<DnsQuestion> Questions { get; } = [];

    public List<DnsRecord> Answers { get; } = [];

    public List<DnsRecord> Authorities { get; } = [];

    public List<DnsRecord> Additionals { get; } = [];

    public DnsEdns? Edns { get; set; }

    /// <summary>A query for one name and type, optionally with EDNS.</summary>
    public static DnsMessage Query(ushort id, string name, DnsRecordType type, DnsEdns? edns = null)
    {
        var message = new DnsMessage { Id = id, RecursionDesired = true, Edns = edns };
        message.Questions.Add(new DnsQuestion(name, type));
        return message;
    }

    public static DnsParseError TryParse(ReadOnlySpan<byte> packet, out DnsMessage? message) => DnsMessageParser.TryParse(packet, out message);

    /// <summary>Writes the message with name compression; false when it does not fit.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        Span<DnsCompressionEntry> table = stackalloc DnsCompressionEntry[256];
        var writer = new DnsWriter(destination, destination.Length, table);
        int code = (int)ResponseCode;
        if (code > 15 && Edns is null)
        {
            throw new InvalidOperationException("An extended response code needs an OPT record.");
        }

        ushort flags = (ushort)(((Opcode & 0xF) << DnsConstants.OpcodeShift) | (code & DnsConstants.RcodeMask));
        flags |= IsResponse ? DnsConstants.FlagResponse : (ushort)0;
        flags |= IsAuthoritative ? DnsConstants.FlagAuthoritative : (ushort)0;
        flags |= IsTruncated ? DnsConstants.FlagTruncated : (ushort)0;
        flags |= RecursionDesired ? DnsConstants.FlagRecursionDesired : (ushort)0;
        flags |= RecursionAvailable ? DnsConstants.FlagRecursionAvailable : (ushort)0;
        writer.WriteUInt16(Id);
        writer.WriteUInt16(flags);
        writer.WriteUInt16((ushort)Questions.Count);
        writer.WriteUInt16((ushort)Answers.Count);
        writer.WriteUInt16((ushort)Authorities.Count);
        writer.WriteUInt16((ushort)(Additionals.Count + (Edns is null ? 0 : 1)));

        Span<byte> wire = stackalloc byte[DnsConstants.MaxNameLength];
        foreach (DnsQuestion question in Questions)
        {
            if (!DnsName.TryEncode(question.Name, wire, out int length))
            {
                throw new InvalidOperationException($"'{question.Name}' is not a valid DNS name.");
            }

            writer.WriteName(wire[..length]);
            writer.WriteUInt16((ushort)question.Type);
            writer.WriteUInt16(question.Class);
        }

        WriteRecords(ref writer, Answers, wire);
        WriteRecords(ref writer, Authorities, wire);
        WriteRecords(ref writer, Additionals, wire);
        if (Edns is { } edns)
        {
            writer.WriteByte(0);
            writer.WriteUInt16((ushort)DnsRecordType.OPT);
            writer.WriteUInt16(edns.UdpPayloadSize);
            uint extended = (uint)(code >> 4) | edns.ExtendedRcode;
            writer.WriteUInt32((extended << 24) | ((uint)edns.Version << 16) | (edns.DnssecOk ? DnsConstants.EdnsDnssecOk : 0));
            int lengthAt = writer.BeginRecordData();
            foreach (DnsEdnsOption option in edns.Options)
            {
                writer.WriteUInt16(option.Code);
                writer.WriteUInt16((ushort)option.Data.Length);
                writer.WriteBytes(option.Data);
            }

            writer.EndRecordData(lengthAt);
        }

        written = writer.Overflowed ? 0 : writer.Position;
        return !writer.Overflowed;
    }

    /// <summary>The message as a new array (up to the 64 KiB TCP limit), written through a pooled buffer.</summary>
    public byte[] ToArray()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DnsConstants.MaxTcpMessageLength);
        try
        {
            if (!TryWrite(buffer, out int written))
            {
                throw new InvalidOperationException("The message is larger than 65535 bytes.");
            }

            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WriteRecords(ref DnsWriter writer, List<DnsRecord> records, Span<byte> wire)
    {
        foreach (DnsRecord record in records)
        {
            if (!DnsName.TryEncode(record.Name, wire, out int length))
            {
                throw new InvalidOperationException($"'{record.Name}' is not a valid DNS name.");
            }

            writer.WriteName(wire[..length]);
            writer.WriteUInt16((ushort)record.Type);
            writer.WriteUInt16(record.Class);
            writer.WriteUInt32(record.Ttl);
            int lengthAt = writer.BeginRecordData();
            record.Data.Write(ref writer);
            writer.EndRecordData(lengthAt);
        }
    }
}
