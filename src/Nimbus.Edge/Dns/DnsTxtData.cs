namespace Nimbus.Edge.Dns;

/// <summary>TXT RDATA: character-strings of at most 255 bytes each, kept as bytes (they need not be text).</summary>
internal sealed record DnsTxtData(IReadOnlyList<byte[]> Strings) : DnsRecordData
{
    public override void Write(ref DnsWriter writer)
    {
        foreach (byte[] s in Strings)
        {
            if (s.Length > 255)
            {
                throw new InvalidOperationException("A TXT character-string holds at most 255 bytes.");
            }

            writer.WriteByte((byte)s.Length);
            writer.WriteBytes(s);
        }
    }
}
