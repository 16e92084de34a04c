using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// Reads runs of blocks of one chunk at a time into a pooled buffer, checking each block's CRC (and GCM tag) and
/// decrypting in place. When the local file is missing, damaged or a block fails, the same bytes are asked of the
/// replica source and checked again; if that fails too, <see cref="DataCorruptedException"/> — a corrupt byte is
/// never handed out.
/// </summary>
internal sealed class ChunkBlockReader(ChunkPaths paths, IChunkReplicaSource replicas) : IDisposable
{
    private const int ReadBytes = 1024 * 1024;

    private byte[] _buffer = [];
    private SafeFileHandle? _handle;
    private ChunkRef? _chunk;
    private ChunkHeader _header;
    private bool _fromReplica;

    public ChunkRef? Chunk => _chunk;

    public int BlockSize => _header.BlockSize;

    /// <summary>The plaintext the last <see cref="ReadAsync"/> produced starts here.</summary>
    public byte[] Buffer => _buffer;

    public async ValueTask OpenAsync(ChunkRef chunk, bool encrypted, bool sequential, CancellationToken cancellationToken)
    {
        Close();
        _chunk = chunk;
        var header = new byte[ChunkFormat.HeaderSize];
        try
        {
            _handle = File.OpenHandle(paths.FileOf(chunk.Id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                sequential ? FileOptions.SequentialScan : FileOptions.None);
            if (await ReadFullyAsync(_handle, header, 0, cancellationToken).ConfigureAwait(false) && IsExpected(header, chunk, encrypted)
                && RandomAccess.GetLength(_handle) == ChunkFormat.FileLength(_header.BlockSize, chunk.Length, encrypted))
            {
                return;
            }
        }
        catch (IOException)
        {
            // Missing or unreadable: another copy may serve it.
        }
        _handle?.Dispose();
        _handle = null;
        if (await replicas.TryReadAsync(chunk, 0, header, cancellationToken).ConfigureAwait(false) && IsExpected(header, chunk, encrypted))
        {
            _fromReplica = true;
            return;
        }
        throw new DataCorruptedException($"chunk {chunk.Id} is missing or its header is damaged, and no other copy could serve it");
    }

    /// <summary>
    /// Reads up to <paramref name="maxPlaintext"/> bytes' worth of blocks starting at block <paramref name="firstBlock"/>
    /// (at least one block); returns the plaintext length, laid out contiguously at the start of <see cref="Buffer"/>.
    /// </summary>
    public async ValueTask<int> ReadAsync(long firstBlock, long maxPlaintext, AesGcm? aes, CancellationToken cancellationToken)
    {
        var chunk = _chunk!;
        var blockSize = _header.BlockSize;
        var encrypted = _header.Encrypted;
        var stored = ChunkFormat.StoredBlockSize(blockSize, encrypted);
        var count = (int)Math.Clamp((maxPlaintext + blockSize - 1) / blockSize, 1, Math.Max(1, ReadBytes / stored));
        count = (int)Math.Min(count, ChunkFormat.BlockCount(blockSize, chunk.Length) - firstBlock);
        var plaintext = (int)Math.Min((long)count * blockSize, chunk.Length - firstBlock * blockSize);
        var storedBytes = plaintext + count * BlockCodec.Overhead(encrypted);
        if (_buffer.Length < storedBytes)
        {
            ReturnBuffer();
            _buffer = ArrayPool<byte>.Shared.Rent(storedBytes);
        }
        var offset = ChunkFormat.BlockOffset(blockSize, encrypted, firstBlock);
        var target = _buffer.AsMemory(0, storedBytes);
        var ok = false;
        if (!_fromReplica && _handle is not null)
        {
            try
            {
                ok = await ReadFullyAsync(_handle, target, offset, cancellationToken).ConfigureAwait(false)
                    && TryOpenBlocks(firstBlock, count, plaintext, aes);
            }
            catch (IOException)
            {
                ok = false;
            }
        }
        if (!ok && !(await replicas.TryReadAsync(chunk, offset, target, cancellationToken).ConfigureAwait(false) && TryOpenBlocks(firstBlock, count, plaintext, aes)))
        {
            throw new DataCorruptedException($"chunk {chunk.Id}: blocks {firstBlock}..{firstBlock + count - 1} failed their checksums and no other copy could serve them");
        }
        // Blocks sit one stored size apart; move each block's plaintext down so the run is contiguous.
        for (var k = 1; k < count; k++)
        {
            var length = Math.Min(blockSize, plaintext - k * blockSize);
            _buffer.AsSpan(k * stored, length).CopyTo(_buffer.AsSpan(k * blockSize));
        }
        return plaintext;
    }

    public void Close()
    {
        _handle?.Dispose();
        _handle = null;
        _chunk = null;
        _fromReplica = false;
    }

    public void Dispose()
    {
        Close();
        ReturnBuffer();
    }

    private bool TryOpenBlocks(long firstBlock, int count, int plaintext, AesGcm? aes)
    {
        var blockSize = _header.BlockSize;
        var stored = ChunkFormat.StoredBlockSize(blockSize, _header.Encrypted);
        for (var k = 0; k < count; k++)
        {
            var length = Math.Min(blockSize, plaintext - k * blockSize);
            var block = _buffer.AsSpan(k * stored, length + BlockCodec.Overhead(_header.Encrypted));
            if (!BlockCodec.TryOpen(block, length, aes, _header.NoncePrefix, (uint)(firstBlock + k)))
            {
                return false;
            }
        }
        return true;
    }

    private bool IsExpected(ReadOnlySpan<byte> header, ChunkRef chunk, bool encrypted)
    {
        if (!ChunkFormat.TryReadHeader(header, out var parsed)
            || parsed.PlaintextLength != chunk.Length || parsed.Encrypted != encrypted || parsed.ChunkId != ChunkIds.ToValue(chunk.Id))
        {
            return false;
        }
        _header = parsed;
        return true;
    }

    private static async ValueTask<bool> ReadFullyAsync(SafeFileHandle handle, Memory<byte> destination, long offset, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            var n = await RandomAccess.ReadAsync(handle, destination, offset, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }
            destination = destination[n..];
            offset += n;
        }
        return true;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            // Decrypted plaintext must not linger in a pool array other code may rent.
            ArrayPool<byte>.Shared.Return(_buffer, clearArray: _header.Encrypted);
            _buffer = [];
        }
    }
}
