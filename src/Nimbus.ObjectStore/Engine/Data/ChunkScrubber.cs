using System.Buffers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// Re-reads every chunk file now and then and checks each block's CRC, within a disk-bandwidth budget, so bitrot is
/// found before a reader needs the data. A corrupt chunk is logged, counted and handed to the replica source for
/// repair; with no other copy it stays where it is, and reads of it fail cleanly (never returning its bytes).
/// </summary>
internal sealed partial class ChunkScrubber(LocalDataStore store, ChunkScrubberOptions options, TimeProvider time, ILogger<ChunkScrubber> logger)
    : BackgroundService
{
    private const int BufferSize = 1024 * 1024;

    private long _passes;

    /// <summary>The report of the last finished pass; null before the first.</summary>
    public ScrubReport? LastReport { get; private set; }

    /// <summary>Passes finished since start.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await ScrubOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    LogScrubFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over every committed chunk file.</summary>
    public async Task<ScrubReport> ScrubOnceAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var started = time.GetTimestamp();
        long checkedCount = 0, corrupt = 0, repaired = 0, bytes = 0;
        var corruptIds = new List<string>();
        try
        {
            foreach (var directory in Directory.EnumerateDirectories(store.Paths.Root))
            {
                foreach (var path in Directory.EnumerateFiles(directory))
                {
                    var id = Path.GetFileName(path);
                    if (!ChunkIds.IsValid(id) || store.IsInProgress(id))
                    {
                        continue;
                    }
                    var (check, size) = await ChunkVerifier.VerifyAsync(path, id, buffer, cancellationToken).ConfigureAwait(false);
                    if (check == ChunkCheck.Missing)
                    {
                        continue;
                    }
                    checkedCount++;
                    bytes += size;
                    if (check == ChunkCheck.Corrupt)
                    {
                        corrupt++;
                        corruptIds.Add(id);
                        LogCorruptChunk(logger, id, path);
                        if (await store.Replicas.TryRepairAsync(id, path, cancellationToken).ConfigureAwait(false)
                            && (await ChunkVerifier.VerifyAsync(path, id, buffer, cancellationToken).ConfigureAwait(false)).Check == ChunkCheck.Ok)
                        {
                            repaired++;
                            LogChunkRepaired(logger, id);
                        }
                    }
                    await ThrottleAsync(started, bytes, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var report = new ScrubReport(checkedCount, corrupt, repaired, bytes, corruptIds);
        LastReport = report;
        Interlocked.Increment(ref _passes);
        LogScrubDone(logger, checkedCount, corrupt, repaired, bytes, time.GetElapsedTime(started));
        return report;
    }

    private async ValueTask ThrottleAsync(long started, long bytes, CancellationToken cancellationToken)
    {
        if (options.BytesPerSecond <= 0)
        {
            return;
        }
        var due = TimeSpan.FromSeconds((double)bytes / options.BytesPerSecond);
        var ahead = due - time.GetElapsedTime(started);
        if (ahead > TimeSpan.Zero)
        {
            await Task.Delay(ahead, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
