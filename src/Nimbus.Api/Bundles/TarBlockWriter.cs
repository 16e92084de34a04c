using System.Buffers;
using System.Text;

namespace Nimbus.Api.Bundles;

/// <summary>
/// Writes a POSIX (ustar + pax) tar stream byte-for-byte reproducibly: fixed mtime, uid/gid 0, no owner
/// names, and pax headers only when a name or size does not fit ustar, named without a process id.
/// System.Formats.Tar cannot be used for writing: its pax headers embed the writer's process id, which
/// would change the bundle's content address from one run to the next.
/// </summary>
internal sealed class TarBlockWriter
{
    public const int BlockSize = 512;

    /// <summary>2000-01-01T00:00:00Z: every entry carries this mtime.</summary>
    public const long FixedModificationTime = 946_684_800;

    private const int NameFieldSize = 100;
    private const long MaxUstarSize = (1L << 33) - 1; // 11 octal digits
    private const int CopyBufferSize = 128 * 1024;

    private readonly Stream _output;
    private readonly byte[] _header = new byte[BlockSize];

    public TarBlockWriter(Stream output) => _output = output;

    /// <summary>Bytes of file content written so far.</summary>
    public long ContentBytes { get; private set; }

    /// <summary>Writes a folder entry; <paramref name="name"/> ends in '/'.</summary>
    public Task WriteDirectoryAsync(string name, CancellationToken cancellationToken) =>
        WriteHeaderAsync(name, TarMode.Directory, size: 0, TarTypeFlag.Directory, cancellationToken);

    /// <summary>Writes a file entry of exactly <paramref name="length"/> bytes read from <paramref name="content"/>;
    /// throws if the content turns out shorter, which means the file changed while being packed.</summary>
    public async Task WriteFileAsync(
        string name, bool executable, Stream content, long length, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var mode = executable ? TarMode.Executable : TarMode.Regular;
        await WriteHeaderAsync(name, mode, length, TarTypeFlag.RegularFile, cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var remaining = length;
            while (remaining > 0)
            {
                var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"'{name}' got shorter while it was being packed; pack again.");
                }
                await _output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                remaining -= read;
                ContentBytes += read;
                progress?.Report(ContentBytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        await WritePaddingAsync(length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The end-of-archive marker: two zero blocks.</summary>
    public Task FinishAsync(CancellationToken cancellationToken) =>
        _output.WriteAsync(new byte[2 * BlockSize], cancellationToken).AsTask();

    private async Task WriteHeaderAsync(string name, int mode, long size, byte typeFlag, CancellationToken cancellationToken)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var nameFits = nameBytes.Length <= NameFieldSize && Ascii.IsValid(nameBytes);
        var sizeFits = size <= MaxUstarSize;
        if (!nameFits || !sizeFits)
        {
            var records = PaxRecords.Build(nameFits ? null : name, sizeFits ? null : size);
            FillHeader(PaxRecords.HeaderName(name), TarMode.Regular, records.Length, TarTypeFlag.PaxExtended);
            await _output.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
            await _output.WriteAsync(records, cancellationToken).ConfigureAwait(false);
            await WritePaddingAsync(records.Length, cancellationToken).ConfigureAwait(false);
        }
        FillHeader(nameFits ? nameBytes : PaxRecords.AsciiFallback(name, NameFieldSize), mode, sizeFits ? size : 0, typeFlag);
        await _output.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
    }

    private void FillHeader(ReadOnlySpan<byte> name, int mode, long size, byte typeFlag)
    {
        var h = _header.AsSpan();
        h.Clear();
        name.CopyTo(h[..NameFieldSize]);
        WriteOctal(h.Slice(100, 8), mode);
        WriteOctal(h.Slice(108, 8), 0); // uid
        WriteOctal(h.Slice(116, 8), 0); // gid
        WriteOctal(h.Slice(124, 12), size);
        WriteOctal(h.Slice(136, 12), FixedModificationTime);
        h[156] = typeFlag;
        "ustar\0"u8.CopyTo(h[257..]);
        "00"u8.CopyTo(h[263..]);
        WriteOctal(h.Slice(329, 8), 0); // devmajor
        WriteOctal(h.Slice(337, 8), 0); // devminor

        // The checksum is computed with its own field read as eight spaces.
        var checksumField = h.Slice(148, 8);
        checksumField.Fill((byte)' ');
        var sum = 0;
        foreach (var b in h)
        {
            sum += b;
        }
        WriteOctal(checksumField[..7], sum);
        checksumField[7] = (byte)' ';
    }

    /// <summary>Zero-padded octal digits filling the field but its last byte, which is NUL.</summary>
    private static void WriteOctal(Span<byte> field, long value)
    {
        field[^1] = 0;
        for (var i = field.Length - 2; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }
    }

    private Task WritePaddingAsync(long length, CancellationToken cancellationToken)
    {
        var padding = (int)((BlockSize - (length % BlockSize)) % BlockSize);
        return padding == 0 ? Task.CompletedTask : _output.WriteAsync(new byte[padding], cancellationToken).AsTask();
    }
}
