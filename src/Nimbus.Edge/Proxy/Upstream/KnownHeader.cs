using System.Text;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>A response header name the edge sees often: its canonical string (Kestrel recognises these by reference and
/// length), whether it is hop-by-hop, and the last value seen, reused while the instance keeps sending the same one
/// (Server, Content-Type, and Date within its second) so a steady stream of responses allocates no header strings.</summary>
internal sealed class KnownHeader(string name, bool hopByHop)
{
    private string? _last;

    public string Name { get; } = name;
    public byte[] Bytes { get; } = Encoding.ASCII.GetBytes(name);
    public bool HopByHop { get; } = hopByHop;

    /// <summary>The value as a string, the cached one when the bytes match. Races only cost an allocation: strings are
    /// immutable and a reference write is atomic.</summary>
    public string Value(ReadOnlySpan<byte> value)
    {
        var last = _last;
        if (last is not null && Ascii.Equals(value, last))
        {
            return last;
        }
        var created = value.IsEmpty ? string.Empty : Encoding.Latin1.GetString(value);
        _last = created;
        return created;
    }
}
