namespace Nimbus.Edge.Dns;

/// <summary>Response codes, including the EDNS extended BADVERS (RFC 6891 6.1.3), whose high bits live in the OPT record.</summary>
internal enum DnsResponseCode : ushort
{
    NoError = 0,
    FormatError = 1,
    ServerFailure = 2,
    NameError = 3,
    NotImplemented = 4,
    Refused = 5,
    BadVersion = 16,
}
