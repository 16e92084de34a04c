using System.IO.Pipelines;
using System.Text;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>Writes bytes and text straight into a <see cref="PipeWriter"/>'s memory, asking it for a new span only
/// when the current one is full. <see cref="Commit"/> must be called at the end.</summary>
internal ref struct HeadWriter(PipeWriter output)
{
    private const int MinSpan = 4096;
    private Span<byte> _span;
    private int _used;

    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_span[_used..]);
        _used += bytes.Length;
    }

    /// <summary>UTF-8 (ASCII for everything Kestrel accepts in a request by default).</summary>
    public void Write(scoped ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _used += Encoding.UTF8.GetBytes(text, _span[_used..]);
    }

    public void Write(long value)
    {
        Ensure(20);
        value.TryFormat(_span[_used..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        _used += written;
    }

    public void Write<T>(T value) where T : IUtf8SpanFormattable
    {
        Ensure(64);
        if (!value.TryFormat(_span[_used..], out var written, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            Ensure(1024);
            value.TryFormat(_span[_used..], out written, default, System.Globalization.CultureInfo.InvariantCulture);
        }
        _used += written;
    }

    public void Commit()
    {
        if (_used > 0)
        {
            output.Advance(_used);
        }
        _span = default;
        _used = 0;
    }

    private void Ensure(int count)
    {
        if (_span.Length - _used >= count)
        {
            return;
        }
        Commit();
        _span = output.GetSpan(Math.Max(count, MinSpan));
    }
}
