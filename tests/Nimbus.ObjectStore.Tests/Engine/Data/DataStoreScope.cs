using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Engine.Data;

/// <summary>A <see cref="LocalDataStore"/> over a fresh temp directory, deleted on dispose.</summary>
internal sealed class DataStoreScope : IAsyncDisposable
{
    /// <summary>Small sizes so that block, chunk and inline boundaries are cheap to cross.</summary>
    public static DataStoreOptions Small(string directory) => new() { Directory = directory, InlineThreshold = 100, BlockSize = 64, ChunkSize = 512 };

    public DataStoreScope(Func<string, DataStoreOptions>? options = null, IChunkReplicaSource? replicas = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "nimbus-data-" + Guid.NewGuid().ToString("N"));
        Options = options?.Invoke(Directory) ?? new DataStoreOptions { Directory = Directory };
        Replicas = replicas ?? NoChunkReplicas.Instance;
        Store = new LocalDataStore(Options, Replicas, NullLogger<LocalDataStore>.Instance);
    }

    public string Directory { get; }

    public DataStoreOptions Options { get; }

    public IChunkReplicaSource Replicas { get; }

    public LocalDataStore Store { get; private set; }

    /// <summary>A new store over the same directory, as after a restart.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = new LocalDataStore(Options, Replicas, NullLogger<LocalDataStore>.Instance);
    }

    public async Task<StagedData> StageAsync(byte[] body, EncryptionSpec encryption = default, ChecksumAlgorithm checksum = ChecksumAlgorithm.None, bool announceLength = true)
    {
        using var stream = new MemoryStream(body, writable: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Store.StageAsync(stream, new StageOptions(announceLength ? body.Length : null, checksum, encryption), timeout.Token);
    }

    public async Task<byte[]> ReadAsync(ReadOnlyMemory<byte> layout, long offset, long length, EncryptionSpec key = default)
    {
        Assert.Equal(EngineStatus.Ok, Store.OpenRead(layout, offset, length, key, out var stream));
        await using (stream)
        {
            return await ReadAllAsync(stream!);
        }
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 7919, timeout.Token); // an odd buffer size, so reads straddle blocks
        return copy.ToArray();
    }

    /// <summary>Chunk files (final and temp) under the store's directory.</summary>
    public string[] ChunkFiles() => System.IO.Directory.GetFiles(Path.Combine(Directory, "chunks"), "*", SearchOption.AllDirectories);

    public string ChunkPath(string id) => Store.Paths.FileOf(id);

    public static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
