using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// Object bytes on this node's disk: small bodies inline in their layout, larger ones in checksummed (optionally
/// encrypted) chunk files under <c>&lt;dir&gt;/chunks</c>. See <see cref="ChunkFormat"/>, <see cref="BlockCodec"/> and
/// <see cref="LayoutCodec"/> for the formats. Thread-safe.
/// </summary>
internal sealed partial class LocalDataStore : IDataStore
{
    private const int InputBufferSize = 128 * 1024;

    private readonly DataStoreOptions _options;
    private readonly IChunkReplicaSource _replicas;
    private readonly IChunkReplication _replication;
    private readonly ILogger<LocalDataStore> _logger;
    private volatile byte[] _masterKey;
    private readonly ChunkLeases _leases;

    /// <summary>Chunks written but not committed (being staged, or staged and waiting): the orphan sweep and the scrubber skip them.</summary>
    private readonly ConcurrentDictionary<string, byte> _inProgress = new(StringComparer.Ordinal);

    public LocalDataStore(DataStoreOptions options, IChunkReplicaSource replicas, ILogger<LocalDataStore> logger, IChunkReplication? replication = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid data store options: " + string.Join("; ", errors), nameof(options));
        }
        _options = options;
        _replicas = replicas;
        _replication = replication ?? NoChunkReplication.Instance;
        _logger = logger;
        Directory.CreateDirectory(options.Directory);
        Paths = new ChunkPaths(options.Directory);
        _masterKey = MasterKey.LoadOrCreate(options.Directory);
        _leases = new ChunkLeases(DeleteChunkFile);
    }

    public ChunkPaths Paths { get; }

    public IChunkReplicaSource Replicas => _replicas;

    /// <summary>Chunks some reader holds now.</summary>
    public int LeasedChunks => _leases.Count;

    public bool IsInProgress(string chunkId) => _inProgress.ContainsKey(chunkId);

    /// <summary>A copy of the SSE-S3 master key (for the followers, which read what this node encrypted).</summary>
    internal byte[] MasterKeyCopy() => (byte[])_masterKey.Clone();

    /// <summary>Takes the metadata node's master key as this node's (a follower reads what that node encrypted); the
    /// key file is replaced, the previous one kept beside it. True when the key changed.</summary>
    internal bool AdoptMasterKey(ReadOnlySpan<byte> key)
    {
        if (key.SequenceEqual(_masterKey))
        {
            return false;
        }
        MasterKey.Replace(_options.Directory, key);
        // Not zeroed: a read that began a moment ago may still unwrap with it.
        _masterKey = key.ToArray();
        return true;
    }

    public async ValueTask<StagedData> StageAsync(Stream body, StageOptions options, CancellationToken cancellationToken)
    {
        var (aes, wrappedKey) = DataKeys.Create(options.Encryption, _masterKey);
        var expected = options.ExpectedLength;
        var input = ArrayPool<byte>.Shared.Rent(InputBufferSize);
        byte[]? pending = null;
        var pendingLength = 0;
        ChunkSetWriter? writer = expected > _options.InlineThreshold ? new ChunkSetWriter(Paths, _options, aes, _inProgress) : null;
        try
        {
            using var digests = new BodyDigests(options.Checksum, options.ComputeSha256);
            long total = 0;
            while (true)
            {
                // With a known length ask for at most one byte more than is left: enough to tell a long body, no more.
                var want = expected is { } e ? (int)Math.Min(input.Length, e - total + 1) : input.Length;
                var n = await body.ReadAsync(input.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                total += n;
                if (total > expected)
                {
                    throw new IncompleteBodyException(expected.Value, total);
                }
                digests.Append(input.AsSpan(0, n));
                if (writer is null)
                {
                    if (pendingLength + n <= _options.InlineThreshold)
                    {
                        pending ??= ArrayPool<byte>.Shared.Rent(_options.InlineThreshold);
                        input.AsSpan(0, n).CopyTo(pending.AsSpan(pendingLength));
                        pendingLength += n;
                        continue;
                    }
                    writer = new ChunkSetWriter(Paths, _options, aes, _inProgress);
                    await writer.WriteAsync(pending.AsMemory(0, pendingLength), cancellationToken).ConfigureAwait(false);
                }
                await writer.WriteAsync(input.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
            if (expected is { } exact && total != exact)
            {
                throw new IncompleteBodyException(exact, total);
            }
            var (md5, sha256, checksum) = digests.Finish();
            var kind = options.Encryption.Kind;
            if (writer is null)
            {
                var inline = SealInline(pending.AsSpan(0, pendingLength), aes, kind, wrappedKey);
                return new LocalStagedData(this, total, md5, sha256, options.Checksum, checksum, inline, []);
            }
            var chunks = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            if (options.Replicas > 1)
            {
                chunks = await ReplicateAsync(chunks, options.Replicas, cancellationToken).ConfigureAwait(false);
            }
            var layout = LayoutCodec.EncodeChunks(kind, wrappedKey, total, chunks);
            return new LocalStagedData(this, total, md5, sha256, options.Checksum, checksum, layout, chunks);
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
            aes?.Dispose();
            // The pool must not keep an encrypted body's plaintext around.
            ArrayPool<byte>.Shared.Return(input, clearArray: aes is not null);
            if (pending is not null)
            {
                ArrayPool<byte>.Shared.Return(pending, clearArray: aes is not null);
            }
        }
    }

    public EngineStatus OpenRead(ReadOnlyMemory<byte> layout, long offset, long length, EncryptionSpec key, out Stream? stream)
    {
        stream = null;
        if (!LayoutCodec.TryParse(layout, out var parsed))
        {
            return EngineStatus.DataCorrupted;
        }
        if (offset < 0 || length < 0 || offset > parsed.Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, +{length}) is outside the {parsed.Length} bytes stored");
        }
        var status = DataKeys.CheckForRead(parsed, key, _masterKey);
        if (status != EngineStatus.Ok)
        {
            return status;
        }
        var held = AcquireChunks(parsed, offset, length);
        var customerKey = key.Kind == EncryptionKind.CustomerKey ? key.CustomerKey.ToArray() : [];
        stream = new LayoutReadStream(parsed, offset, length, _masterKey, customerKey, Paths, _replicas, _leases, held);
        return EngineStatus.Ok;
    }

    public byte[] Concatenate(IReadOnlyList<ReadOnlyMemory<byte>> layouts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(layouts.Count);
        return layouts.Count == 1 ? layouts[0].ToArray() : LayoutCodec.Concatenate(layouts);
    }

    public ValueTask ReleaseAsync(ReadOnlyMemory<byte> layout, CancellationToken cancellationToken)
    {
        foreach (var segment in Parse(layout).Segments)
        {
            foreach (var chunk in segment.Chunks ?? [])
            {
                _leases.Doom(chunk.Id);
            }
            if (segment.Chunks is { Count: > 0 } chunks)
            {
                _replication.Release(chunks);
            }
        }
        return ValueTask.CompletedTask;
    }

    public void CollectChunkIds(ReadOnlyMemory<byte> layout, ICollection<string> into)
    {
        foreach (var segment in Parse(layout).Segments)
        {
            foreach (var chunk in segment.Chunks ?? [])
            {
                into.Add(chunk.Id);
            }
        }
    }

    /// <summary>
    /// Deletes chunk files no layout in <paramref name="referenced"/> refers to, and temp files left by a crash; chunks
    /// being staged now are spared. Run at startup, with every chunk id of every version and part collected by
    /// <see cref="CollectChunkIds"/>, before committing anything new. Returns how many files it deleted.
    /// </summary>
    public ValueTask<int> SweepOrphansAsync(ISet<string> referenced, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var directory in Directory.EnumerateDirectories(Paths.Root))
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = Path.GetFileName(file.AsSpan());
                var isTemp = name.EndsWith(ChunkPaths.TempSuffix, StringComparison.Ordinal);
                var id = isTemp ? name[..^ChunkPaths.TempSuffix.Length] : name;
                if (!ChunkIds.IsValid(id) || _inProgress.ContainsKey(id.ToString()) || (!isTemp && referenced.Contains(id.ToString())))
                {
                    continue;
                }
                File.Delete(file);
                deleted++;
            }
        }
        foreach (var temp in Directory.EnumerateFiles(_options.Directory, ".master.key.*.tmp"))
        {
            File.Delete(temp);
            deleted++;
        }
        if (deleted > 0)
        {
            LogSweptOrphans(_logger, deleted);
        }
        return ValueTask.FromResult(deleted);
    }

    public ValueTask DisposeAsync()
    {
        CryptographicOperations.ZeroMemory(_masterKey);
        return ValueTask.CompletedTask;
    }

    internal void ForgetInProgress(IReadOnlyList<ChunkRef> chunks)
    {
        foreach (var chunk in chunks)
        {
            _inProgress.TryRemove(chunk.Id, out _);
        }
    }

    internal void DeleteUncommitted(IReadOnlyList<ChunkRef> chunks)
    {
        foreach (var chunk in chunks)
        {
            DeleteChunkFile(chunk.Id);
            _inProgress.TryRemove(chunk.Id, out _);
        }
        _replication.Release(chunks);
    }

    /// <summary>Copies the staged chunks to other nodes; without a write quorum the local files go too (the writer
    /// has completed, so disposing it would keep them).</summary>
    private async ValueTask<IReadOnlyList<ChunkRef>> ReplicateAsync(IReadOnlyList<ChunkRef> chunks, int replicas, CancellationToken cancellationToken)
    {
        try
        {
            return await _replication.ReplicateAsync(chunks, replicas, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            DeleteUncommitted(chunks);
            throw;
        }
    }

    private static DataLayout Parse(ReadOnlyMemory<byte> layout) =>
        LayoutCodec.TryParse(layout, out var parsed) ? parsed : throw new InvalidDataException("the layout is malformed");

    private void DeleteChunkFile(string id)
    {
        try
        {
            File.Delete(Paths.FileOf(id));
        }
        catch (IOException e)
        {
            // The orphan sweep at the next start gets it.
            LogDeleteFailed(_logger, id, e.Message);
        }
    }

    private static byte[] SealInline(ReadOnlySpan<byte> plaintext, AesGcm? aes, EncryptionKind kind, byte[] wrappedKey)
    {
        var noncePrefix = aes is null ? 0 : BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        var stored = ArrayPool<byte>.Shared.Rent(plaintext.Length + BlockCodec.Overhead(aes is not null));
        try
        {
            var n = BlockCodec.Seal(plaintext, aes, noncePrefix, 0, stored);
            return LayoutCodec.EncodeInline(kind, wrappedKey, plaintext.Length, noncePrefix, stored.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stored);
        }
    }

    private List<string> AcquireChunks(DataLayout layout, long offset, long length)
    {
        var held = new List<string>();
        long start = 0;
        foreach (var segment in layout.Segments)
        {
            foreach (var chunk in segment.Chunks ?? [])
            {
                if (start < offset + length && start + chunk.Length > offset)
                {
                    _leases.Acquire(chunk.Id);
                    held.Add(chunk.Id);
                }
                start += chunk.Length;
            }
            if (segment.IsInline)
            {
                start += segment.Length;
            }
        }
        return held;
    }
}
