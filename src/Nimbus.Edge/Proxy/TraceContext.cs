using System.Buffers.Binary;

namespace Nimbus.Edge.Proxy;

/// <summary>
/// A W3C Trace Context (<c>traceparent: 00-{trace-id}-{parent-id}-{flags}</c>). The edge continues the client's trace
/// — same trace id, the edge's own span id as the parent the instance sees — or starts one when the client sent none
/// or one that is not valid (upper-case hex, all-zero ids, version ff, wrong length: the spec says start afresh).
/// </summary>
internal readonly record struct TraceContext(ulong TraceHigh, ulong TraceLow, ulong SpanId, byte Flags)
{
    public const string Header = "traceparent";

    /// <summary>Length of a version-00 traceparent value.</summary>
    public const int Length = 55;

    /// <summary>The span the edge adds under <paramref name="incoming"/>'s trace, or the root of a new, sampled trace.</summary>
    public static TraceContext ForRequest(TraceContext? incoming) =>
        incoming is { } parent ? parent with { SpanId = NewId() } : new TraceContext(NewId(), NewId(), NewId(), 1);

    public static bool TryParse(ReadOnlySpan<char> value, out TraceContext context)
    {
        Span<byte> ascii = stackalloc byte[Length];
        context = default;
        value = value.Trim(' ');
        if (value.Length < Length)
        {
            return false;
        }
        for (var i = 0; i < Length; i++)
        {
            if (value[i] > 0x7f)
            {
                return false;
            }
            ascii[i] = (byte)value[i];
        }
        return TryParse(ascii, value.Length == Length, value.Length == Length || value[Length] == '-', out context);
    }

    public static bool TryParse(ReadOnlySpan<byte> value, out TraceContext context)
    {
        context = default;
        var start = 0;
        while (start < value.Length && value[start] == ' ')
        {
            start++;
        }
        value = value[start..];
        return value.Length >= Length && TryParse(value[..Length], value.Length == Length, value.Length == Length || value[Length] == '-', out context);
    }

    /// <param name="head">The first 55 bytes.</param>
    /// <param name="exact">Nothing follows them (version 00 allows nothing else).</param>
    /// <param name="endsWell">What follows them is nothing, or (a later version's fields) a '-'.</param>
    /// <param name="context">The parsed context.</param>
    private static bool TryParse(ReadOnlySpan<byte> head, bool exact, bool endsWell, out TraceContext context)
    {
        context = default;
        if (head[2] != '-' || head[35] != '-' || head[52] != '-' ||
            !TryHex(head[..2], out var version) || version == 0xff || !endsWell || (version == 0 && !exact) ||
            !TryHex(head[3..19], out var high) || !TryHex(head[19..35], out var low) || (high | low) == 0 ||
            !TryHex(head[36..52], out var span) || span == 0 ||
            !TryHex(head[53..55], out var flags))
        {
            return false;
        }
        context = new TraceContext(high, low, span, (byte)flags);
        return true;
    }

    /// <summary>Writes the 55-byte version-00 value.</summary>
    public void Write(Span<byte> output)
    {
        "00-"u8.CopyTo(output);
        WriteHex(TraceHigh, output[3..19]);
        WriteHex(TraceLow, output[19..35]);
        output[35] = (byte)'-';
        WriteHex(SpanId, output[36..52]);
        output[52] = (byte)'-';
        output[53] = Hex[Flags >> 4];
        output[54] = Hex[Flags & 0xf];
    }

    public string TraceId => $"{TraceHigh:x16}{TraceLow:x16}";

    public override string ToString()
    {
        Span<byte> text = stackalloc byte[Length];
        Write(text);
        return System.Text.Encoding.ASCII.GetString(text);
    }

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    private static void WriteHex(ulong value, Span<byte> output)
    {
        for (var i = 15; i >= 0; i--)
        {
            output[i] = Hex[(int)(value & 0xf)];
            value >>= 4;
        }
    }

    /// <summary>Lower-case hex only, as the spec requires.</summary>
    private static bool TryHex(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        foreach (var c in text)
        {
            var digit = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }
            value = (value << 4) | (uint)digit;
        }
        return true;
    }

    private static ulong NewId()
    {
        Span<byte> bytes = stackalloc byte[8];
        ulong id;
        do
        {
            Random.Shared.NextBytes(bytes);
            id = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        }
        while (id == 0);
        return id;
    }
}
