using System.Buffers;
using System.Collections.Concurrent;

namespace Nimbus.Edge.Proxy.Front;

/// <summary>4 KiB blocks kept for reuse (up to 16 MiB of them) for the pipes of handed-over connections: the shared
/// array pool keeps only a few arrays per size and core, so a large upload streaming through such a pipe would
/// otherwise allocate nearly every block anew.</summary>
internal sealed class BlockPool : MemoryPool<byte>
{
    private const int BlockSize = 4096;
    private const int MaxKept = 4096;
    private readonly ConcurrentQueue<byte[]> _free = new();
    private int _kept;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), minBufferSize, $"blocks are {BlockSize} bytes");
        }
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _kept);
        }
        return new Block(this, block ?? new byte[BlockSize]);
    }

    protected override void Dispose(bool disposing)
    {
        _free.Clear();
    }

    private void Return(byte[] block)
    {
        if (Interlocked.Increment(ref _kept) <= MaxKept)
        {
            _free.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _kept);
        }
    }

    private sealed class Block(BlockPool pool, byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                pool.Return(returned);
            }
        }
    }
}
