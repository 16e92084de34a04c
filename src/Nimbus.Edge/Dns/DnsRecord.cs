namespace Nimbus.Edge.Dns;

/// <summary>One resource record of the answer, authority or additional section (OPT is kept apart in <see cref="DnsEdns"/>).</summary>
internal sealed record DnsRecord(string Name, DnsRecordType Type, uint Ttl, DnsRecordData Data, ushort Class = DnsConstants.ClassIn);
