using System.Collections.Concurrent;
using System.Security.Cryptography;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Engine;

/// <summary>An in-memory data store: a layout is the body's bytes, so a committed version carries its data inline.</summary>
internal sealed class FakeDataStore : IDataStore
{
    public ConcurrentQueue<byte[]> Released { get; } = new();

    /// <summary>Staged bodies disposed without being committed (their data would have been deleted).</summary>
    public int Discarded;

    /// <summary>Runs inside ReleaseAsync (on the writer) when set.</summary>
    public Func<byte[], Task>? OnRelease { get; set; }

    public async ValueTask<StagedData> StageAsync(Stream body, StageOptions options, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (options.ExpectedLength is { } expected && expected != bytes.Length)
        {
            throw new IncompleteBodyException(expected, bytes.Length);
        }
        return new FakeStagedData(this, bytes, options.Checksum);
    }

    public EngineStatus OpenRead(ReadOnlyMemory<byte> layout, long offset, long length, EncryptionSpec key, out Stream? stream)
    {
        stream = new MemoryStream(layout.Slice((int)offset, (int)length).ToArray(), writable: false);
        return EngineStatus.Ok;
    }

    public byte[] Concatenate(IReadOnlyList<ReadOnlyMemory<byte>> layouts)
    {
        var all = new List<byte>();
        foreach (var layout in layouts)
        {
            all.AddRange(layout.ToArray());
        }
        return [.. all];
    }

    public async ValueTask ReleaseAsync(ReadOnlyMemory<byte> layout, CancellationToken cancellationToken)
    {
        var bytes = layout.ToArray();
        if (OnRelease is { } hook)
        {
            await hook(bytes);
        }
        Released.Enqueue(bytes);
    }

    public void CollectChunkIds(ReadOnlyMemory<byte> layout, ICollection<string> into) => into.Add(ChunkId(layout.Span));

    public static string ChunkId(ReadOnlySpan<byte> layout) => "chunk-" + Convert.ToHexStringLower(SHA256.HashData(layout))[..12];

    public bool WasReleased(string content) => Released.Any(r => r.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(content)));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class FakeStagedData : StagedData
    {
        private readonly FakeDataStore _store;
        private readonly byte[] _bytes;
        private readonly byte[] _checksum;
        private bool _committed;
        private bool _disposed;

        public FakeStagedData(FakeDataStore store, byte[] bytes, ChecksumAlgorithm algorithm)
        {
            _store = store;
            _bytes = bytes;
            ChecksumAlgorithm = algorithm;
            Md5 = MD5.HashData(bytes);
            Sha256 = SHA256.HashData(bytes);
            if (algorithm == ChecksumAlgorithm.None)
            {
                _checksum = [];
            }
            else
            {
                var checksum = Nimbus.ObjectStore.Checksums.Checksum.Create(algorithm);
                checksum.Append(bytes);
                _checksum = new byte[checksum.Size];
                checksum.GetHashAndReset(_checksum);
            }
        }

        public override long Length => _bytes.Length;
        public override ReadOnlyMemory<byte> Md5 { get; }
        public override ReadOnlyMemory<byte> Sha256 { get; }
        public override ChecksumAlgorithm ChecksumAlgorithm { get; }
        public override ReadOnlyMemory<byte> Checksum => _checksum;
        internal override ReadOnlyMemory<byte> Layout => _bytes;
        internal override void MarkCommitted() => _committed = true;

        public override ValueTask DisposeAsync()
        {
            if (!_disposed && !_committed)
            {
                Interlocked.Increment(ref _store.Discarded);
            }
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
