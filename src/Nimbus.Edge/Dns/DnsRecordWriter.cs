namespace Nimbus.Edge.Dns;

/// <summary>Writes the records the server answers with, each all-or-nothing: on overflow it rolls back and returns false.</summary>
internal static class DnsRecordWriter
{
    /// <summary>A compression pointer to the question name, which always starts right after the header.</summary>
    public const ushort QuestionNamePointer = 0xC000 | DnsConstants.HeaderLength;

    public static bool TryWriteAddress(ref DnsWriter writer, ReadOnlySpan<byte> owner, ReadOnlySpan<byte> address)
    {
        var mark = writer.Mark();
        WriteOwner(ref writer, owner);
        writer.WriteUInt16(address.Length == 4 ? (ushort)DnsRecordType.A : (ushort)DnsRecordType.AAAA);
        writer.WriteUInt16(DnsConstants.ClassIn);
        writer.WriteUInt32(DnsConstants.Ttl);
        writer.WriteUInt16((ushort)address.Length);
        writer.WriteBytes(address);
        return Commit(ref writer, mark);
    }

    public static bool TryWriteSrv(ref DnsWriter writer, DnsSrvEntry entry)
    {
        var mark = writer.Mark();
        writer.WriteUInt16(QuestionNamePointer);
        writer.WriteUInt16((ushort)DnsRecordType.SRV);
        writer.WriteUInt16(DnsConstants.ClassIn);
        writer.WriteUInt32(DnsConstants.Ttl);
        int lengthAt = writer.BeginRecordData();
        writer.WriteUInt16(0); // priority
        writer.WriteUInt16(1); // weight
        writer.WriteUInt16(entry.Port);
        writer.WriteName(entry.Target, compress: false); // RFC 2782: the target is not compressed.
        writer.EndRecordData(lengthAt);
        return Commit(ref writer, mark);
    }

    public static bool TryWriteNs(ref DnsWriter writer, DnsZoneApex zone)
    {
        var mark = writer.Mark();
        writer.WriteUInt16(QuestionNamePointer);
        writer.WriteUInt16((ushort)DnsRecordType.NS);
        writer.WriteUInt16(DnsConstants.ClassIn);
        writer.WriteUInt32(DnsConstants.Ttl);
        int lengthAt = writer.BeginRecordData();
        writer.WriteName(zone.NameServer);
        writer.EndRecordData(lengthAt);
        return Commit(ref writer, mark);
    }

    public static bool TryWriteSoa(ref DnsWriter writer, DnsZoneApex zone)
    {
        var mark = writer.Mark();
        writer.WriteName(zone.Name);
        writer.WriteUInt16((ushort)DnsRecordType.SOA);
        writer.WriteUInt16(DnsConstants.ClassIn);
        writer.WriteUInt32(DnsConstants.Ttl);
        int lengthAt = writer.BeginRecordData();
        writer.WriteName(zone.NameServer);
        writer.WriteName(zone.Hostmaster);
        writer.WriteUInt32(zone.Serial);
        writer.WriteUInt32(DnsZoneApex.Refresh);
        writer.WriteUInt32(DnsZoneApex.Retry);
        writer.WriteUInt32(DnsZoneApex.Expire);
        writer.WriteUInt32(DnsConstants.Ttl); // minimum: negative answers are cached as briefly as positive ones
        writer.EndRecordData(lengthAt);
        return Commit(ref writer, mark);
    }

    /// <summary>The OPT record of a response (RFC 6891 6.1.2): our payload size, version 0, the extended RCODE bits.</summary>
    public static void WriteOpt(ref DnsWriter writer, DnsResponseCode code, bool dnssecOk)
    {
        writer.WriteByte(0);
        writer.WriteUInt16((ushort)DnsRecordType.OPT);
        writer.WriteUInt16(DnsConstants.OurUdpPayloadSize);
        writer.WriteUInt32(((uint)code >> 4 << 24) | (dnssecOk ? DnsConstants.EdnsDnssecOk : 0));
        writer.WriteUInt16(0);
    }

    /// <summary>Owners equal to the question name become a pointer to it; others are compressed normally.</summary>
    private static void WriteOwner(ref DnsWriter writer, ReadOnlySpan<byte> owner)
    {
        if (owner.IsEmpty)
        {
            writer.WriteUInt16(QuestionNamePointer);
        }
        else
        {
            writer.WriteName(owner);
        }
    }

    private static bool Commit(ref DnsWriter writer, (int Position, int TableCount) mark)
    {
        if (writer.Overflowed)
        {
            writer.Rollback(mark);
            return false;
        }

        return true;
    }
}
