namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>Where one header field's name and (trimmed) value lie in the response head's bytes: the parser records
/// offsets, not strings, so nothing is allocated until the field is known to be wanted.</summary>
internal struct HeaderRange
{
    public int NameStart;
    public int NameLength;
    public int ValueStart;
    public int ValueLength;
}
