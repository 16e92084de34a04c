namespace Nimbus.Edge.Dns;

/// <summary>The RDATA of a record; each type writes itself, names compressed where RFC 3597 allows it.</summary>
internal abstract record DnsRecordData
{
    public abstract void Write(ref DnsWriter writer);

    /// <summary>Encodes a presentation name for writing; names in the model were validated when built or parsed.</summary>
    protected static void WriteName(ref DnsWriter writer, string name, bool compress)
    {
        Span<byte> wire = stackalloc byte[DnsConstants.MaxNameLength];
        if (!DnsName.TryEncode(name, wire, out int length))
        {
            throw new InvalidOperationException($"'{name}' is not a valid DNS name.");
        }

        writer.WriteName(wire[..length], compress);
    }
}
