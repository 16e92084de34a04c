using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// Cuts a stream of plaintext into chunk files: blocks are sealed (CRC, and AES-GCM when a data key is given) into a
/// pooled write buffer flushed about a megabyte at a time, so memory stays bounded whatever the body's size. Each
/// chunk is written under its temp name, gets its header, is fsynced, renamed and its directory fsynced before the
/// next one starts. Disposing before <see cref="CompleteAsync"/> deletes everything written.
/// </summary>
internal sealed class ChunkSetWriter : IAsyncDisposable
{
    private const int WriteBufferBytes = 1024 * 1024;

    private readonly ChunkPaths _paths;
    private readonly ConcurrentDictionary<string, byte> _inProgress;
    private readonly AesGcm? _aes;
    private readonly int _blockSize;
    private readonly long _chunkSize;
    private readonly int _storedBlockSize;
    private readonly byte[] _block;
    private readonly byte[] _out;
    private readonly List<ChunkRef> _done = [];
    private int _blockFill;
    private int _outFill;
    private string? _id;
    private SafeFileHandle? _handle;
    private long _fileOffset;
    private long _chunkLength;
    private uint _blockIndex;
    private ulong _noncePrefix;
    private bool _completed;

    // inProgress: ids of chunks not yet committed, which the orphan sweep leaves alone. The writer adds to it; its owner removes.
    public ChunkSetWriter(ChunkPaths paths, DataStoreOptions options, AesGcm? aes, ConcurrentDictionary<string, byte> inProgress)
    {
        _paths = paths;
        _inProgress = inProgress;
        _aes = aes;
        _blockSize = options.BlockSize;
        _chunkSize = options.ChunkSize;
        _storedBlockSize = ChunkFormat.StoredBlockSize(_blockSize, aes is not null);
        _block = ArrayPool<byte>.Shared.Rent(_blockSize);
        var blocksPerWrite = Math.Clamp(WriteBufferBytes / _storedBlockSize, 1, 1024);
        _out = ArrayPool<byte>.Shared.Rent(Math.Max(blocksPerWrite * _storedBlockSize, ChunkFormat.HeaderSize));
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            if (_blockFill == 0 && data.Length >= _blockSize)
            {
                // A whole block in the input: seal it from there, without copying it into the block buffer first.
                SealBlock(data.Span[.._blockSize]);
                data = data[_blockSize..];
            }
            else
            {
                var take = Math.Min(_blockSize - _blockFill, data.Length);
                data.Span[..take].CopyTo(_block.AsSpan(_blockFill));
                _blockFill += take;
                data = data[take..];
                if (_blockFill < _blockSize)
                {
                    continue;
                }
                SealBlock(_block.AsSpan(0, _blockSize));
                _blockFill = 0;
            }
            if (_chunkLength == _chunkSize)
            {
                await FinishChunkAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (_out.Length - _outFill < _storedBlockSize)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Seals the last partial block and finishes the last chunk; returns every chunk written, in order.</summary>
    public async ValueTask<IReadOnlyList<ChunkRef>> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_blockFill > 0)
        {
            SealBlock(_block.AsSpan(0, _blockFill));
            _blockFill = 0;
        }
        if (_handle is not null)
        {
            await FinishChunkAsync(cancellationToken).ConfigureAwait(false);
        }
        _completed = true;
        return _done;
    }

    public ValueTask DisposeAsync()
    {
        _handle?.Dispose();
        _handle = null;
        try
        {
            if (!_completed)
            {
                if (_id is not null)
                {
                    Discard(_paths.TempOf(_id), _id);
                }
                foreach (var chunk in _done)
                {
                    Discard(_paths.FileOf(chunk.Id), chunk.Id);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_block);
            ArrayPool<byte>.Shared.Return(_out);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Deletes one file of an abandoned write; a failure leaves it to the startup sweep, never stops the rest.</summary>
    private void Discard(string path, string id)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Swept at the next start: no committed row refers to it.
        }
        finally
        {
            _inProgress.TryRemove(id, out _);
        }
    }

    private void SealBlock(ReadOnlySpan<byte> plaintext)
    {
        if (_handle is null)
        {
            StartChunk();
        }
        _outFill += BlockCodec.Seal(plaintext, _aes, _noncePrefix, _blockIndex, _out.AsSpan(_outFill));
        _blockIndex++;
        _chunkLength += plaintext.Length;
    }

    private void StartChunk()
    {
        _id = ChunkIds.New();
        _inProgress[_id] = 0;
        _handle = File.OpenHandle(_paths.TempOf(_id), FileMode.CreateNew, FileAccess.Write, FileShare.None);
        _fileOffset = ChunkFormat.HeaderSize;
        _chunkLength = 0;
        _blockIndex = 0;
        _noncePrefix = _aes is null ? 0 : BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_outFill == 0)
        {
            return;
        }
        await RandomAccess.WriteAsync(_handle!, _out.AsMemory(0, _outFill), _fileOffset, cancellationToken).ConfigureAwait(false);
        _fileOffset += _outFill;
        _outFill = 0;
    }

    private async ValueTask FinishChunkAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var id = _id!;
        ChunkFormat.WriteHeader(new ChunkHeader(_blockSize, _chunkLength, ChunkIds.ToValue(id), _aes is not null, _noncePrefix), _out);
        await RandomAccess.WriteAsync(_handle!, _out.AsMemory(0, ChunkFormat.HeaderSize), 0, cancellationToken).ConfigureAwait(false);
        RandomAccess.FlushToDisk(_handle!);
        _handle!.Dispose();
        _handle = null;
        File.Move(_paths.TempOf(id), _paths.FileOf(id));
        // Once renamed, the chunk is ours to delete on failure under its final name.
        _done.Add(new ChunkRef(id, _chunkLength, []));
        _id = null;
        DirectorySync.Flush(_paths.DirectoryOf(id));
    }
}
