namespace Nimbus.ControlPlane.Telemetry.Traces;

/// <summary>Reads the protobuf wire format (varint, 64-bit, length-delimited, 32-bit fields) from a span: just what
/// the OTLP trace messages need. Anything malformed — a truncated field, a varint over 10 bytes, a length past the end,
/// a group — throws <see cref="FormatException"/>.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    /// <summary>The next field's number and wire type.</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        if (field is 0 or > int.MaxValue)
        {
            throw new FormatException($"field number {field} at byte {_position} is not valid");
        }
        return ((int)field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new FormatException("the message ends inside a varint");
            }
            var b = _data[_position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new FormatException("a varint is longer than 10 bytes");
    }

    public ulong ReadFixed64() => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public uint ReadFixed32() => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new FormatException($"a field of {length} bytes runs past the end of the message");
        }
        return Take((int)length);
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    /// <summary>Skips a field this reader does not use.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Take(8);
                break;
            case 2:
                ReadBytes();
                break;
            case 5:
                Take(4);
                break;
            default:
                throw new FormatException($"wire type {wireType} is not supported (groups are deprecated)");
        }
    }

    /// <summary>Checks the wire type a field must have.</summary>
    public static void Expect(int field, int wireType, int expected)
    {
        if (wireType != expected)
        {
            throw new FormatException($"field {field} has wire type {wireType}, expected {expected}");
        }
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (_data.Length - _position < length)
        {
            throw new FormatException("the message ends inside a field");
        }
        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }
}
