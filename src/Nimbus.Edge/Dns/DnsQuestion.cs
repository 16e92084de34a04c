namespace Nimbus.Edge.Dns;

/// <summary>One entry of the question section; <paramref name="Name"/> in presentation form.</summary>
internal sealed record DnsQuestion(string Name, DnsRecordType Type, ushort Class = DnsConstants.ClassIn);
