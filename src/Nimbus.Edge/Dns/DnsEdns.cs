namespace Nimbus.Edge.Dns;

/// <summary>The OPT pseudo-record of a message (RFC 6891): the sender's UDP payload size, version, DO bit and options.</summary>
internal sealed record DnsEdns(ushort UdpPayloadSize, byte Version = 0, bool DnssecOk = false, byte ExtendedRcode = 0)
{
    public IReadOnlyList<DnsEdnsOption> Options { get; init; } = [];
}
