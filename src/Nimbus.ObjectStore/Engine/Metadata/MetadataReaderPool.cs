using System.Collections.Concurrent;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>Reader connections kept open with their prepared statements; a burst opens more, and the excess is closed on return.</summary>
internal sealed class MetadataReaderPool(string directory, int maxIdle) : IDisposable
{
    private readonly ConcurrentQueue<MetadataReader> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryDequeue(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
            return new Lease(this, reader);
        }
        return new Lease(this, new MetadataReader(new CommandCache(MetadataDatabase.OpenReader(directory))));
    }

    private void Return(MetadataReader reader)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > maxIdle)
        {
            if (!_disposed)
            {
                Interlocked.Decrement(ref _idleCount);
            }
            reader.Dispose();
            return;
        }
        _idle.Enqueue(reader);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var reader))
        {
            reader.Dispose();
        }
    }

    /// <summary>A rented reader; disposing returns it.</summary>
    internal readonly struct Lease(MetadataReaderPool pool, MetadataReader reader) : IDisposable
    {
        public MetadataReader Reader => reader;

        public void Dispose() => pool.Return(reader);
    }
}
