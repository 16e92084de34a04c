using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// Releases the data of versions a commit unreferenced (overwritten, deleted, replaced parts) a grace period after the
/// commit. A GET looks a version up and then opens its data; a concurrent overwrite that released the chunks in
/// between would turn that GET into a failed read. Readers take their own leases on the chunks once open, so the
/// grace only has to cover the gap between lookup and open. Unreleased data after a crash is swept at startup.
/// </summary>
internal sealed partial class DeferredReleases : IAsyncDisposable
{
    private readonly Channel<(long Due, byte[] Layout)> _queue = Channel.CreateUnbounded<(long, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDataStore _data;
    private readonly TimeProvider _time;
    private readonly TimeSpan _grace;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public DeferredReleases(IDataStore data, TimeProvider time, TimeSpan grace, ILogger logger)
    {
        _data = data;
        _time = time;
        _grace = grace;
        _logger = logger;
        _loop = grace > TimeSpan.Zero ? Task.Run(RunAsync) : Task.CompletedTask;
    }

    public async ValueTask AddAsync(byte[] layout)
    {
        if (_grace <= TimeSpan.Zero || !_queue.Writer.TryWrite((_time.GetTimestamp(), layout)))
        {
            await ReleaseAsync(layout).ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        await foreach (var (queued, layout) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            // The queue is in commit order and the grace is constant, so waiting for the head is waiting for all due.
            var wait = _grace - _time.GetElapsedTime(queued);
            if (wait > TimeSpan.Zero && !_stopping.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(wait, _time, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Shutting down: no reader is left, release now.
                }
            }
            await ReleaseAsync(layout).ConfigureAwait(false);
        }
    }

    private async ValueTask ReleaseAsync(byte[] layout)
    {
        try
        {
            await _data.ReleaseAsync(layout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The startup sweep finds chunks no row refers to; nothing is lost but space until then.
            LogReleaseFailed(_logger, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Releasing the data of a replaced version failed; the startup sweep will reclaim it")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
