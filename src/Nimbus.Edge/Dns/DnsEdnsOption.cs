namespace Nimbus.Edge.Dns;

/// <summary>One EDNS option (RFC 6891 6.1.2), passed through uninterpreted.</summary>
internal sealed record DnsEdnsOption(ushort Code, byte[] Data);
