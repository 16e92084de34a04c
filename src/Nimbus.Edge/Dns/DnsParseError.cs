namespace Nimbus.Edge.Dns;

/// <summary>Why a packet could not be decoded. Malformed input is a result, never an exception.</summary>
internal enum DnsParseError
{
    None = 0,
    Truncated,
    NameTooLong,
    BadLabelType,
    BadPointer,
    PointerLoop,
    BadRecordData,
    BadOpt,
    DuplicateOpt,
}
