using System.Buffers;
using System.Security.Cryptography;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// Chunk files arriving from other nodes (pushes and repairs): written under <c>&lt;data&gt;/incoming</c> (cleared at
/// start — whatever is there never passed verification), verified whole — header, length, every block's CRC — then
/// fsynced, renamed over the final name and the directory fsynced. Installing the same chunk twice is harmless.
/// </summary>
internal sealed class PeerChunkStore
{
    private const int VerifyBuffer = 1024 * 1024;
    private readonly string _incoming;

    public PeerChunkStore(string dataDirectory, ChunkPaths paths)
    {
        Paths = paths;
        _incoming = Path.Combine(dataDirectory, "incoming");
        if (Directory.Exists(_incoming))
        {
            Directory.Delete(_incoming, recursive: true);
        }
        Directory.CreateDirectory(_incoming);
    }

    public ChunkPaths Paths { get; }

    /// <summary>A fresh path in the incoming directory (same file system as the chunks, so the rename is atomic).</summary>
    public string NewTempPath() => Path.Combine(_incoming, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));

    /// <summary>Stores exactly <paramref name="length"/> bytes of <paramref name="body"/> as chunk <paramref name="chunkId"/>.</summary>
    public async Task<ReceiveResult> ReceiveAsync(string chunkId, Stream body, long length, CancellationToken ct)
    {
        var temp = NewTempPath();
        try
        {
            long written = 0;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
                try
                {
                    int n;
                    while (written <= length && (n = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    {
                        written += n;
                        if (written <= length)
                        {
                            await file.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                        }
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                file.Flush(flushToDisk: true);
            }
            return written == length && await InstallAsync(chunkId, temp, ct).ConfigureAwait(false) ? ReceiveResult.Stored : ReceiveResult.Invalid;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Verifies the (fsynced) file at <paramref name="temp"/> and moves it over the chunk's final name; false when it fails verification.</summary>
    public async Task<bool> InstallAsync(string chunkId, string temp, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(VerifyBuffer);
        try
        {
            var (check, _) = await ChunkVerifier.VerifyAsync(temp, chunkId, buffer, ct).ConfigureAwait(false);
            if (check != ChunkCheck.Ok)
            {
                return false;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        File.Move(temp, Paths.FileOf(chunkId), overwrite: true);
        DirectorySync.Flush(Paths.DirectoryOf(chunkId));
        return true;
    }

    /// <summary>Every chunk file this node holds (not temp files) with its age at <paramref name="now"/>, fan-out
    /// directory by directory, lazily. A file deleted while it is listed is left out.</summary>
    public IEnumerable<PeerChunk> List(DateTimeOffset now)
    {
        foreach (var directory in Directory.EnumerateDirectories(Paths.Root))
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
            {
                // A file gone since the directory was read reports 1601-01-01 (and Exists false after a refresh).
                if (ChunkIds.IsValid(file.Name) && file.Exists && file.LastWriteTimeUtc.Year > 1601)
                {
                    yield return new PeerChunk(file.Name, Math.Max(0, (long)(now - file.LastWriteTimeUtc).TotalMilliseconds));
                }
            }
        }
    }

    public bool Delete(string chunkId)
    {
        var path = Paths.FileOf(chunkId);
        var existed = File.Exists(path);
        File.Delete(path);
        return existed;
    }
}
