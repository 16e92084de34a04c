namespace Nimbus.Edge.Dns;

/// <summary>What reading a query found; decides whether and how the server answers.</summary>
internal enum DnsQueryStatus
{
    /// <summary>A well-formed standard query.</summary>
    Ok,

    /// <summary>Not worth an answer: shorter than a header, or a response (answering responses invites loops).</summary>
    Drop,

    /// <summary>An opcode other than QUERY.</summary>
    NotImplemented,

    /// <summary>QDCOUNT != 1, a malformed question or record, or a bad OPT record.</summary>
    FormatError,

    /// <summary>An OPT record with an EDNS version we do not speak (RFC 6891 6.1.3).</summary>
    BadVersion,
}
