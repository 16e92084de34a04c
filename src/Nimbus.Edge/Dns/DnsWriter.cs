using System.Buffers.Binary;

namespace Nimbus.Edge.Dns;

/// <summary>
/// Writes a DNS message into a caller-provided span, compressing names against a caller-provided table.
/// A write past <see cref="Limit"/> sets the sticky <see cref="Overflowed"/> flag instead of throwing,
/// so a caller writes a whole record, checks once, and rolls back to a <see cref="Mark"/> to truncate
/// at a record boundary.
/// </summary>
internal ref struct DnsWriter
{
    private readonly Span<byte> _buffer;
    private readonly Span<DnsCompressionEntry> _table;
    private int _tableCount;
    private int _position;
    private int _limit;
    private bool _overflowed;

    public DnsWriter(Span<byte> buffer, int limit, Span<DnsCompressionEntry> table)
    {
        _buffer = buffer;
        _limit = Math.Min(limit, buffer.Length);
        _table = table;
    }

    public readonly int Position => _position;

    public readonly bool Overflowed => _overflowed;

    /// <summary>The most bytes the message may take; lowered to reserve room (for the OPT record).</summary>
    public int Limit
    {
        readonly get => _limit;
        set => _limit = Math.Min(value, _buffer.Length);
    }

    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    public readonly (int Position, int TableCount) Mark() => (_position, _tableCount);

    public void Rollback((int Position, int TableCount) mark)
    {
        _position = mark.Position;
        _tableCount = mark.TableCount;
        _overflowed = false;
    }

    public void WriteByte(byte value)
    {
        if (Reserve(1))
        {
            _buffer[_position++] = value;
        }
    }

    public void WriteUInt16(ushort value)
    {
        if (Reserve(2))
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
            _position += 2;
        }
    }

    public void WriteUInt32(uint value)
    {
        if (Reserve(4))
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
            _position += 4;
        }
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        if (Reserve(value.Length))
        {
            value.CopyTo(_buffer[_position..]);
            _position += value.Length;
        }
    }

    /// <summary>Overwrites two bytes already written (counts, RDLENGTH).</summary>
    public readonly void PatchUInt16(int offset, ushort value)
    {
        if (offset + 2 <= _position)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[offset..], value);
        }
    }

    /// <summary>Starts a record's RDATA: writes a placeholder RDLENGTH and returns where it is.</summary>
    public int BeginRecordData()
    {
        int at = _position;
        WriteUInt16(0);
        return at;
    }

    public readonly void EndRecordData(int lengthOffset)
    {
        if (!_overflowed)
        {
            PatchUInt16(lengthOffset, (ushort)(_position - lengthOffset - 2));
        }
    }

    /// <summary>
    /// Writes an uncompressed wire name. With <paramref name="compress"/> the longest suffix already in
    /// the message becomes a pointer; either way the suffixes written here become pointer targets.
    /// </summary>
    public void WriteName(scoped ReadOnlySpan<byte> wire, bool compress = true)
    {
        int i = 0;
        while (true)
        {
            byte labelLength = wire[i];
            if (labelLength == 0)
            {
                WriteByte(0);
                return;
            }

            ReadOnlySpan<byte> suffix = wire[i..];
            uint hash = DnsName.Hash(suffix);
            if (compress)
            {
                int target = Find(suffix, hash);
                if (target >= 0)
                {
                    WriteUInt16((ushort)(0xC000 | target));
                    return;
                }
            }

            Register(suffix, hash);
            WriteBytes(wire.Slice(i, 1 + labelLength));
            i += 1 + labelLength;
        }
    }

    private readonly int Find(scoped ReadOnlySpan<byte> suffix, uint hash)
    {
        ReadOnlySpan<byte> written = _buffer[.._position];
        for (int i = 0; i < _tableCount; i++)
        {
            ref readonly DnsCompressionEntry entry = ref _table[i];
            if (entry.Hash == hash && entry.Length == suffix.Length && DnsName.EqualsAt(written, entry.Offset, suffix))
            {
                return entry.Offset;
            }
        }

        return -1;
    }

    private void Register(scoped ReadOnlySpan<byte> suffix, uint hash)
    {
        // Pointers have 14 bits; a full table only costs compression, never correctness.
        if (_overflowed || _position > 0x3FFF || _tableCount >= _table.Length)
        {
            return;
        }

        _table[_tableCount++] = new DnsCompressionEntry { Offset = (ushort)_position, Length = (ushort)suffix.Length, Hash = hash };
    }

    private bool Reserve(int count)
    {
        if (_overflowed || _position + count > _limit)
        {
            _overflowed = true;
            return false;
        }

        return true;
    }
}
