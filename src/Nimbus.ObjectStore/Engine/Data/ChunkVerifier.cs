using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>Checks a whole chunk file without its data key: the header, the file's length, and every block's CRC.</summary>
internal static class ChunkVerifier
{
    /// <param name="buffer">Scratch space (at least the header); the read size follows its length.</param>
    /// <param name="path">The chunk file.</param>
    /// <param name="id">The chunk id its name says, which its header must repeat.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public static async ValueTask<(ChunkCheck Check, long Bytes)> VerifyAsync(string path, string id, byte[] buffer, CancellationToken cancellationToken)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return (ChunkCheck.Missing, 0);
        }
        using (handle)
        {
            var fileLength = RandomAccess.GetLength(handle);
            var header = buffer.AsMemory(0, ChunkFormat.HeaderSize);
            if (await ReadAsync(handle, header, 0, cancellationToken).ConfigureAwait(false) < ChunkFormat.HeaderSize
                || !ChunkFormat.TryReadHeader(header.Span, out var parsed)
                || parsed.ChunkId != ChunkIds.ToValue(id)
                || fileLength != ChunkFormat.FileLength(parsed.BlockSize, parsed.PlaintextLength, parsed.Encrypted))
            {
                return (ChunkCheck.Corrupt, fileLength);
            }
            var stored = ChunkFormat.StoredBlockSize(parsed.BlockSize, parsed.Encrypted);
            if (buffer.Length < stored)
            {
                // Blocks larger than the scratch buffer (written under other options): check with a buffer of their size.
                var large = ArrayPool<byte>.Shared.Rent(stored);
                try
                {
                    return await VerifyAsync(path, id, large, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(large);
                }
            }
            var blocksPerRead = buffer.Length / stored;
            var blockCount = ChunkFormat.BlockCount(parsed.BlockSize, parsed.PlaintextLength);
            for (long first = 0; first < blockCount; first += blocksPerRead)
            {
                var count = (int)Math.Min(blocksPerRead, blockCount - first);
                var offset = ChunkFormat.BlockOffset(parsed.BlockSize, parsed.Encrypted, first);
                var length = (int)Math.Min((long)count * stored, fileLength - offset);
                if (await ReadAsync(handle, buffer.AsMemory(0, length), offset, cancellationToken).ConfigureAwait(false) < length)
                {
                    return (ChunkCheck.Corrupt, fileLength);
                }
                for (var k = 0; k < count; k++)
                {
                    var plaintext = (int)Math.Min(parsed.BlockSize, parsed.PlaintextLength - (first + k) * parsed.BlockSize);
                    if (!BlockCodec.Verify(buffer.AsSpan(k * stored, Math.Min(stored, length - k * stored)), plaintext, parsed.Encrypted, (uint)(first + k)))
                    {
                        return (ChunkCheck.Corrupt, fileLength);
                    }
                }
            }
            return (ChunkCheck.Ok, fileLength);
        }
    }

    private static async ValueTask<int> ReadAsync(SafeFileHandle handle, Memory<byte> destination, long offset, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var n = await RandomAccess.ReadAsync(handle, destination[total..], offset + total, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }
}
