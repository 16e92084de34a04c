using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Nimbus.ObjectStore.S3.Xml;

/// <summary>
/// Writes S3's response documents as UTF-8 straight into a pooled buffer: no DOM, no XmlWriter state machine, text
/// escaped as it is copied. Characters XML 1.0 cannot carry raw (controls) become numeric references, as AWS does.
/// </summary>
internal sealed class XmlBuilder : IDisposable
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
    private byte[] _buffer;
    private int _length;

    public XmlBuilder(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        Raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"u8);
    }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Opens the document element with the S3 namespace.</summary>
    public XmlBuilder Root(string name)
    {
        Raw("<"u8);
        Ascii(name);
        Raw(" xmlns=\""u8);
        Ascii(Namespace);
        Raw("\">"u8);
        return this;
    }

    public XmlBuilder Start(string name)
    {
        Raw("<"u8);
        Ascii(name);
        Raw(">"u8);
        return this;
    }

    /// <summary>Opens an element whose tag carries attributes; <paramref name="tagWithAttributes"/> is trusted, constant markup.</summary>
    public XmlBuilder StartWithAttributes(string tagWithAttributes) => Start(tagWithAttributes);

    public XmlBuilder End(string name)
    {
        Raw("</"u8);
        Ascii(name);
        Raw(">"u8);
        return this;
    }

    public XmlBuilder Element(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }
        Start(name);
        Text(value);
        return End(name);
    }

    public XmlBuilder Element(string name, long value)
    {
        Start(name);
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var n);
        _length += n;
        return End(name);
    }

    public XmlBuilder Element(string name, bool value) => Element(name, value ? "true" : "false");

    /// <summary>ISO 8601 with milliseconds, UTC, as S3 writes LastModified in listings.</summary>
    public XmlBuilder Element(string name, DateTimeOffset value) =>
        Element(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>An ETag element: the value quoted, as S3 returns it.</summary>
    public XmlBuilder ETag(string name, string etag) => Element(name, "\"" + etag + "\"");

    public void Text(string value)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            ReadOnlySpan<byte> escape;
            switch (c)
            {
                case '&': escape = "&amp;"u8; break;
                case '<': escape = "&lt;"u8; break;
                case '>': escape = "&gt;"u8; break;
                case '"': escape = "&quot;"u8; break;
                case '\'': escape = "&apos;"u8; break;
                default:
                    if (c >= 0x20 || c is '\t')
                    {
                        continue;
                    }
                    escape = default;
                    break;
            }
            Utf8(value.AsSpan(start, i - start));
            if (escape.IsEmpty)
            {
                Ascii($"&#x{(int)c:X};");
            }
            else
            {
                Raw(escape);
            }
            start = i + 1;
        }
        Utf8(value.AsSpan(start));
    }

    private void Utf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Ascii(string text)
    {
        Ensure(text.Length);
        _length += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        if (_buffer.Length == 0)
        {
            return;
        }
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }
}
