using System.Text;

namespace Nimbus.Edge.Proxy.Front;

/// <summary>Writes bytes and text into a span the caller sized beforehand (a head's bytes are bounded by what it was
/// built from).</summary>
internal ref struct SpanWriter(Span<byte> span)
{
    private readonly Span<byte> _span = span;

    public int Length { get; private set; }

    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_span[Length..]);
        Length += bytes.Length;
    }

    /// <summary>ASCII text (numbers, addresses, the edge's own messages).</summary>
    public void Write(scoped ReadOnlySpan<char> text) => Length += Encoding.UTF8.GetBytes(text, _span[Length..]);

    public void Write<T>(T value) where T : IUtf8SpanFormattable
    {
        value.TryFormat(_span[Length..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }
}
