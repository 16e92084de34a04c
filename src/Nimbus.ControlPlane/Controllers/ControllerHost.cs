using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.ControlPlane.State;
using Nimbus.ControlPlane.Telemetry;

namespace Nimbus.ControlPlane.Controllers;

/// <summary>Runs every controller after each change in the store (coalesced) and on a resync timer.</summary>
internal sealed partial class ControllerHost(
    IEnumerable<IController> controllers,
    ClusterSnapshotReader reader,
    IStateStore store,
    ControlPlaneOptions options,
    TimeProvider time,
    ControlPlaneMetrics metrics,
    ILogger<ControllerHost> logger) : BackgroundService
{
    /// <summary>When the first change not yet seen by a pass happened (timestamp; 0 = none waiting).</summary>
    private long _changedSince;

    private readonly IController[] _controllers = controllers.ToArray();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = Task.Run(() => WatchAsync(stoppingToken), stoppingToken);
        using var timer = new PeriodicTimer(options.ResyncInterval, time);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunPassAsync(stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                var woke = _wake.Reader.WaitToReadAsync(stoppingToken).AsTask();
                var done = await Task.WhenAny(woke, tick).ConfigureAwait(false);
                if (done == tick)
                {
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                }
                _wake.Reader.TryRead(out _);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: every controller against one snapshot. What a controller writes wakes the next pass,
    /// so later controllers see it a moment later (the scheduler places what the app controller created).</summary>
    private async Task RunPassAsync(CancellationToken stoppingToken)
    {
        var changedSince = Interlocked.Exchange(ref _changedSince, 0);
        ClusterSnapshot snapshot;
        try
        {
            snapshot = await reader.ReadAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex)
        {
            // Never let a bad read stop the controllers for good: the next change or resync tries again.
            LogSnapshotFailed(ex);
            return;
        }
        foreach (var controller in _controllers)
        {
            var started = time.GetTimestamp();
            try
            {
                await controller.ReconcileAsync(snapshot, stoppingToken).ConfigureAwait(false);
                metrics.ControllerPass.Record(time.GetElapsedTime(started).TotalSeconds,
                    new KeyValuePair<string, object?>("controller", controller.Name));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogControllerFailed(controller.Name, ex);
            }
        }
        if (changedSince != 0)
        {
            metrics.ControllerLag.Record(time.GetElapsedTime(changedSince).TotalSeconds);
        }
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in store.WatchAsync("/", store.Revision, stoppingToken).ConfigureAwait(false))
                {
                    if (!change.Entry.Key.StartsWith("/events/", StringComparison.Ordinal))
                    {
                        Interlocked.CompareExchange(ref _changedSince, time.GetTimestamp(), 0);
                        _wake.Writer.TryWrite(true);
                    }
                }
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is WatcherTooSlowException or RevisionCompactedException)
            {
                _wake.Writer.TryWrite(true);
            }
        }
    }
}
