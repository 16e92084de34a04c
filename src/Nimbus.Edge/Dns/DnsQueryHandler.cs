namespace Nimbus.Edge.Dns;

/// <summary>
/// Turns one query into one response, transport-agnostic and allocation-free: reads the query with
/// <see cref="DnsQueryReader"/>, looks the name up in the current <see cref="DnsZoneIndex"/>, and writes
/// the answer into the caller's buffer, truncating at a record boundary (TC=1) past the transport's limit.
/// </summary>
internal sealed class DnsQueryHandler(DnsZoneHolder zones, bool forwarding, Tracing.DnsLookups? lookups = null)
{
    private const int CompressionTableSize = 128;

    /// <param name="request">The query.</param>
    /// <param name="response">Where the answer is written.</param>
    /// <param name="overTcp">TCP allows larger answers than UDP.</param>
    /// <param name="client">The client's key (<see cref="Tracing.DnsLookups.ClientKey(System.Net.IPAddress?)"/>; 0 unknown):
    /// an answered app name is remembered for the trace of the request that follows.</param>
    public DnsHandleResult Handle(ReadOnlySpan<byte> request, Span<byte> response, bool overTcp, ulong client = 0)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Span<byte> name = stackalloc byte[DnsConstants.MaxNameLength];
        DnsQueryStatus status = DnsQueryReader.Read(request, name, out DnsQuery query);
        int limit = Math.Min(response.Length, overTcp ? DnsConstants.MaxTcpMessageLength : query.UdpResponseLimit);
        ReadOnlySpan<byte> qname = name[..query.NameLength];
        switch (status)
        {
            case DnsQueryStatus.Drop:
                return new DnsHandleResult(DnsAction.Drop, 0, limit);
            case DnsQueryStatus.NotImplemented:
                return Respond(WriteError(response, limit, query, default, DnsResponseCode.NotImplemented, withOpt: false), limit);
            case DnsQueryStatus.FormatError:
                return Respond(WriteError(response, limit, query, qname, DnsResponseCode.FormatError, withOpt: false), limit);
            case DnsQueryStatus.BadVersion:
                return Respond(WriteError(response, limit, query, qname, DnsResponseCode.BadVersion, withOpt: true), limit);
        }

        DnsZoneIndex index = zones.Index;
        Span<char> key = stackalloc char[DnsConstants.MaxPresentationLength];
        key = key[..DnsName.Format(qname, key, lowercase: true)];
        DnsZoneApex? zone = index.TryGetNode(key, out DnsNode? node) ? node.Zone : index.FindZone(key);
        if (zone is null)
        {
            return forwarding
                ? new DnsHandleResult(DnsAction.Forward, 0, limit)
                : Respond(WriteError(response, limit, query, qname, DnsResponseCode.Refused, query.HasEdns), limit);
        }

        if (query.Class is not (DnsConstants.ClassIn or DnsConstants.ClassAny)
            || query.Type is (ushort)DnsRecordType.AXFR or (ushort)DnsRecordType.IXFR)
        {
            return Respond(WriteError(response, limit, query, qname, DnsResponseCode.Refused, query.HasEdns), limit);
        }

        var answered = Respond(WriteAnswer(response, limit, query, qname, zone, node), limit);
        if (lookups is not null && client != 0 && node is not null &&
            query.Type is (ushort)DnsRecordType.A or (ushort)DnsRecordType.AAAA or (ushort)DnsRecordType.ANY)
        {
            lookups.Record(client, key, query.Type, started, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        return answered;
    }

    /// <summary>A response with no records (besides OPT), echoing the question when there is one.</summary>
    public static int WriteError(Span<byte> response, int limit, in DnsQuery query, ReadOnlySpan<byte> qname, DnsResponseCode code, bool withOpt, bool truncated = false)
    {
        Span<DnsCompressionEntry> table = stackalloc DnsCompressionEntry[4];
        var writer = new DnsWriter(response, limit, table);
        WriteHeaderAndQuestion(ref writer, query, qname);
        if (withOpt)
        {
            DnsRecordWriter.WriteOpt(ref writer, code, query.DnssecOk);
        }

        writer.PatchUInt16(10, withOpt ? (ushort)1 : (ushort)0);
        Finish(ref writer, query, code, authoritative: false, truncated);
        return writer.Position;
    }

    /// <summary>Re-reads <paramref name="request"/> to write an error response for it (after a failed or oversized relay).</summary>
    public static int WriteError(ReadOnlySpan<byte> request, Span<byte> response, int limit, DnsResponseCode code, bool truncated)
    {
        Span<byte> name = stackalloc byte[DnsConstants.MaxNameLength];
        DnsQueryStatus status = DnsQueryReader.Read(request, name, out DnsQuery query);
        return status == DnsQueryStatus.Drop
            ? 0
            : WriteError(response, limit, query, name[..query.NameLength], code, query.HasEdns && status == DnsQueryStatus.Ok, truncated);
    }

    private static int WriteAnswer(Span<byte> response, int limit, in DnsQuery query, ReadOnlySpan<byte> qname, DnsZoneApex zone, DnsNode? node)
    {
        Span<DnsCompressionEntry> table = stackalloc DnsCompressionEntry[CompressionTableSize];
        var writer = new DnsWriter(response, limit, table);
        WriteHeaderAndQuestion(ref writer, query, qname);
        if (query.HasEdns)
        {
            writer.Limit = limit - DnsConstants.OptRecordLength;
        }

        int answers = 0;
        int authority = 0;
        int additional = 0;
        bool truncated = false;
        bool any = query.Type == (ushort)DnsRecordType.ANY;
        bool srvGlue = false;
        bool nsGlue = false;
        if (node is not null)
        {
            if (any || query.Type == (ushort)DnsRecordType.SOA)
            {
                truncated |= node.IsApex && !Count(DnsRecordWriter.TryWriteSoa(ref writer, zone), ref answers);
            }

            if (!truncated && (any || query.Type == (ushort)DnsRecordType.NS) && node.IsApex)
            {
                truncated = !Count(DnsRecordWriter.TryWriteNs(ref writer, zone), ref answers);
                nsGlue = !truncated;
            }

            if (!truncated && (any || query.Type == (ushort)DnsRecordType.A))
            {
                truncated = !WriteAddresses(ref writer, default, node.A, ref answers);
            }

            if (!truncated && (any || query.Type == (ushort)DnsRecordType.AAAA))
            {
                truncated = !WriteAddresses(ref writer, default, node.Aaaa, ref answers);
            }

            if (!truncated && (any || query.Type == (ushort)DnsRecordType.SRV))
            {
                foreach (DnsSrvEntry entry in node.Srv)
                {
                    if (!Count(DnsRecordWriter.TryWriteSrv(ref writer, entry), ref answers))
                    {
                        truncated = true;
                        break;
                    }
                }

                srvGlue = !truncated && node.Srv.Length > 0;
            }
        }

        if (answers == 0 && !truncated)
        {
            // NXDOMAIN and NOERROR/no-data both carry the SOA so resolvers can cache the negative answer (RFC 2308).
            truncated = !Count(DnsRecordWriter.TryWriteSoa(ref writer, zone), ref authority);
        }

        // Additional data that does not fit is left out without TC (RFC 2181 9).
        if (srvGlue)
        {
            foreach (DnsSrvEntry entry in node!.Srv)
            {
                if (!WriteAddresses(ref writer, entry.Target, entry.A, ref additional) || !WriteAddresses(ref writer, entry.Target, entry.Aaaa, ref additional))
                {
                    break;
                }
            }
        }

        if (nsGlue)
        {
            _ = WriteAddresses(ref writer, zone.NameServer, zone.NameServerA, ref additional)
                && WriteAddresses(ref writer, zone.NameServer, zone.NameServerAaaa, ref additional);
        }

        writer.Limit = limit;
        if (query.HasEdns)
        {
            DnsRecordWriter.WriteOpt(ref writer, DnsResponseCode.NoError, query.DnssecOk);
            additional++;
        }

        writer.PatchUInt16(6, (ushort)answers);
        writer.PatchUInt16(8, (ushort)authority);
        writer.PatchUInt16(10, (ushort)additional);
        Finish(ref writer, query, node is null ? DnsResponseCode.NameError : DnsResponseCode.NoError, authoritative: true, truncated);
        return writer.Position;
    }

    private static bool WriteAddresses(ref DnsWriter writer, ReadOnlySpan<byte> owner, byte[][] addresses, ref int count)
    {
        foreach (byte[] address in addresses)
        {
            if (!Count(DnsRecordWriter.TryWriteAddress(ref writer, owner, address), ref count))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Count(bool written, ref int count)
    {
        if (written)
        {
            count++;
        }

        return written;
    }

    private static void WriteHeaderAndQuestion(ref DnsWriter writer, in DnsQuery query, ReadOnlySpan<byte> qname)
    {
        writer.WriteUInt16(query.Id);
        writer.WriteUInt16(0); // flags, set by Finish
        writer.WriteUInt16(query.HasQuestion ? (ushort)1 : (ushort)0);
        writer.WriteUInt32(0); // answer and authority counts
        writer.WriteUInt16(0); // additional count
        if (query.HasQuestion)
        {
            writer.WriteName(qname, compress: false);
            writer.WriteUInt16(query.Type);
            writer.WriteUInt16(query.Class);
        }
    }

    private static void Finish(ref DnsWriter writer, in DnsQuery query, DnsResponseCode code, bool authoritative, bool truncated)
    {
        ushort flags = (ushort)(DnsConstants.FlagResponse
            | (query.Flags & (DnsConstants.OpcodeMask | DnsConstants.FlagRecursionDesired | DnsConstants.FlagCheckingDisabled))
            | ((int)code & DnsConstants.RcodeMask));
        flags |= authoritative ? DnsConstants.FlagAuthoritative : (ushort)0;
        flags |= truncated ? DnsConstants.FlagTruncated : (ushort)0;
        writer.PatchUInt16(2, flags);
    }

    private static DnsHandleResult Respond(int length, int limit) => new(length > 0 ? DnsAction.Respond : DnsAction.Drop, length, limit);
}
