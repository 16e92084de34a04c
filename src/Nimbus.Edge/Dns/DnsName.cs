namespace Nimbus.Edge.Dns;

/// <summary>
/// Domain names in wire form (length-prefixed labels ending in a zero byte) and presentation form
/// ("hello.nimbus.internal", no trailing dot, root is the empty string, RFC 4343 "\DDD" escapes).
/// Every read is bounds-checked: a hostile packet yields a <see cref="DnsParseError"/>.
/// </summary>
internal static class DnsName
{
    /// <summary>The root name in wire form.</summary>
    public static ReadOnlySpan<byte> Root => [0];

    /// <summary>
    /// Reads a possibly compressed name at <paramref name="position"/> into <paramref name="wire"/>
    /// (at least 255 bytes), following pointers with a hop bound; advances past the name as it
    /// appears in the message.
    /// </summary>
    public static DnsParseError TryRead(ReadOnlySpan<byte> message, ref int position, Span<byte> wire, out int wireLength)
    {
        wireLength = 0;
        int pos = position;
        int end = -1;
        int length = 0;
        int hops = 0;
        while (true)
        {
            if ((uint)pos >= (uint)message.Length)
            {
                return DnsParseError.Truncated;
            }

            byte b = message[pos];
            switch (b & 0xC0)
            {
                case 0x00:
                    if (b == 0)
                    {
                        wire[length++] = 0;
                        position = end < 0 ? pos + 1 : end;
                        wireLength = length;
                        return DnsParseError.None;
                    }

                    if (pos + 1 + b > message.Length)
                    {
                        return DnsParseError.Truncated;
                    }

                    // + 1 keeps room for the root byte that must still follow.
                    if (length + 1 + b + 1 > DnsConstants.MaxNameLength)
                    {
                        return DnsParseError.NameTooLong;
                    }

                    message.Slice(pos, 1 + b).CopyTo(wire[length..]);
                    length += 1 + b;
                    pos += 1 + b;
                    break;
                case 0xC0:
                    if (pos + 1 >= message.Length)
                    {
                        return DnsParseError.Truncated;
                    }

                    if (++hops > DnsConstants.MaxPointerHops)
                    {
                        return DnsParseError.PointerLoop;
                    }

                    int target = ((b & 0x3F) << 8) | message[pos + 1];
                    if (end < 0)
                    {
                        end = pos + 2;
                    }

                    if (target >= message.Length)
                    {
                        return DnsParseError.BadPointer;
                    }

                    pos = target;
                    break;
                default:
                    // 0x40 (extended labels, RFC 6891 obsoleted them) and 0x80 are reserved.
                    return DnsParseError.BadLabelType;
            }
        }
    }

    /// <summary>Formats a valid wire name as presentation text; returns the number of chars written.</summary>
    public static int Format(ReadOnlySpan<byte> wire, Span<char> destination, bool lowercase)
    {
        int pos = 0;
        int written = 0;
        while (wire[pos] != 0)
        {
            int labelLength = wire[pos];
            if (written > 0)
            {
                destination[written++] = '.';
            }

            foreach (byte raw in wire.Slice(pos + 1, labelLength))
            {
                byte b = lowercase ? ToLowerAscii(raw) : raw;
                if (b is (byte)'.' or (byte)'\\' || b <= 0x20 || b >= 0x7F)
                {
                    destination[written++] = '\\';
                    destination[written++] = (char)('0' + (b / 100));
                    destination[written++] = (char)('0' + (b / 10 % 10));
                    destination[written++] = (char)('0' + (b % 10));
                }
                else
                {
                    destination[written++] = (char)b;
                }
            }

            pos += 1 + labelLength;
        }

        return written;
    }

    /// <summary>Formats a valid wire name as a string (allocates; not for the hot path).</summary>
    public static string ToString(ReadOnlySpan<byte> wire)
    {
        Span<char> chars = stackalloc char[DnsConstants.MaxPresentationLength];
        return new string(chars[..Format(wire, chars, lowercase: false)]);
    }

    /// <summary>
    /// Encodes presentation text ("a.b", "a.b.", "" or "." for the root, "\." and "\DDD" escapes)
    /// into wire form. Fails on empty labels, labels over 63 bytes, names over 255 bytes or bad escapes.
    /// </summary>
    public static bool TryEncode(ReadOnlySpan<char> text, Span<byte> wire, out int wireLength)
    {
        wireLength = 0;
        if (text.Length == 0 || text is ".")
        {
            wire[0] = 0;
            wireLength = 1;
            return true;
        }

        if (text[^1] == '.' && !(text.Length >= 2 && text[^2] == '\\'))
        {
            text = text[..^1];
        }

        int length = 0;
        int labelStart = 0;
        int labelLength = 0;
        int i = 0;
        while (i <= text.Length)
        {
            if (i == text.Length || text[i] == '.')
            {
                if (labelLength == 0)
                {
                    return false;
                }

                wire[labelStart] = (byte)labelLength;
                labelLength = 0;
                i++;
                if (i > text.Length)
                {
                    break;
                }

                continue;
            }

            if (labelLength == 0)
            {
                labelStart = length;
                if (++length >= DnsConstants.MaxNameLength)
                {
                    return false;
                }
            }

            int b = text[i];
            bool escaped = false;
            if (b == '\\')
            {
                escaped = true;
                if (i + 1 >= text.Length)
                {
                    return false;
                }

                if (char.IsAsciiDigit(text[i + 1]))
                {
                    if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
                    {
                        return false;
                    }

                    b = ((text[i + 1] - '0') * 100) + ((text[i + 2] - '0') * 10) + (text[i + 3] - '0');
                    if (b > 255)
                    {
                        return false;
                    }

                    i += 4;
                }
                else
                {
                    b = text[i + 1];
                    escaped = b <= 0x7F;
                    i += 2;
                }
            }
            else
            {
                i++;
            }

            if (b > 0x7F && !escaped)
            {
                // Non-ASCII text must be IDNA-encoded by the caller; raw bytes come only through \DDD.
                return false;
            }

            // + 1 keeps room for the root byte.
            if (++labelLength > DnsConstants.MaxLabelLength || length + 1 >= DnsConstants.MaxNameLength)
            {
                return false;
            }

            wire[length++] = (byte)b;
        }

        wire[length++] = 0;
        wireLength = length;
        return true;
    }

    /// <summary>Encodes presentation text into a new wire-form array, or throws for an invalid name (configuration errors).</summary>
    public static byte[] Encode(string text)
    {
        Span<byte> wire = stackalloc byte[DnsConstants.MaxNameLength];
        if (!TryEncode(text, wire, out int length))
        {
            throw new ArgumentException($"'{text}' is not a valid DNS name.", nameof(text));
        }

        return wire[..length].ToArray();
    }

    /// <summary>Compares two uncompressed wire names ASCII-case-insensitively (RFC 4343).</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && ToLowerAscii(a[i]) != ToLowerAscii(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the (possibly compressed) name at <paramref name="offset"/> in a buffer we wrote ourselves
    /// equals the uncompressed <paramref name="wire"/>, ignoring ASCII case.
    /// </summary>
    public static bool EqualsAt(ReadOnlySpan<byte> buffer, int offset, ReadOnlySpan<byte> wire)
    {
        int pos = offset;
        int w = 0;
        int hops = 0;
        while (true)
        {
            if ((uint)pos >= (uint)buffer.Length)
            {
                return false;
            }

            byte b = buffer[pos];
            if ((b & 0xC0) == 0xC0)
            {
                if (pos + 1 >= buffer.Length || ++hops > DnsConstants.MaxPointerHops)
                {
                    return false;
                }

                pos = ((b & 0x3F) << 8) | buffer[pos + 1];
                continue;
            }

            if (b != wire[w])
            {
                return false;
            }

            if (b == 0)
            {
                return true;
            }

            if (pos + 1 + b > buffer.Length)
            {
                return false;
            }

            for (int i = 1; i <= b; i++)
            {
                if (ToLowerAscii(buffer[pos + i]) != ToLowerAscii(wire[w + i]))
                {
                    return false;
                }
            }

            pos += 1 + b;
            w += 1 + b;
        }
    }

    /// <summary>A case-insensitive FNV-1a hash of a wire name, used to find compression targets quickly.</summary>
    public static uint Hash(ReadOnlySpan<byte> wire)
    {
        uint hash = 2166136261;
        foreach (byte b in wire)
        {
            hash = (hash ^ ToLowerAscii(b)) * 16777619;
        }

        return hash;
    }

    public static byte ToLowerAscii(byte b) => (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;
}
