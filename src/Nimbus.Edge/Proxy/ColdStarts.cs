using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nimbus.Api.Client;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Proxy;

/// <summary>
/// Requests for an app scaled to zero wait here while the control plane starts an instance: the first one asks
/// (<c>POST /v1/apps/{app}/wake</c>, again every few seconds while requests still wait), and every waiter goes on with
/// the first routing snapshot that has a ready instance. Bounded: at most <see cref="MaxWaitingPerApp"/> requests per app
/// wait, each at most <see cref="EdgeOptions.ColdStartTimeout"/>; past either, the request gets a 503.
/// </summary>
internal sealed partial class ColdStarts(RouteTableHolder routes, NimbusClient client, EdgeOptions options, TimeProvider time,
    ILogger<ColdStarts> logger) : IRouteTableListener
{
    public const int MaxWaitingPerApp = 1000;
    private static readonly TimeSpan WakeInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, AppWait> _waits = new(StringComparer.Ordinal);

    public TimeSpan Timeout => options.ColdStartTimeout;

    /// <summary>The app's route once it has a ready instance; null when the wait timed out, too many already wait, or
    /// the app is gone.</summary>
    public async ValueTask<AppRoute?> WaitAsync(AppRoute route, CancellationToken ct)
    {
        var wait = _waits.GetOrAdd(route.App, static _ => new AppWait());
        if (Interlocked.Increment(ref wait.Waiting) > MaxWaitingPerApp)
        {
            Interlocked.Decrement(ref wait.Waiting);
            return null;
        }
        try
        {
            // Registered first, then looked: a snapshot swapped in between is either seen here or completes the wait.
            if (!routes.Current.Apps.TryGetValue(route.App, out var now))
            {
                return null; // destroyed meanwhile
            }
            if (!now.WaitsForColdStart)
            {
                return now.Destinations.Length > 0 ? now : null;
            }
            Wake(route.App, wait);
            using var deadline = new CancellationTokenSource(options.ColdStartTimeout, time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            while (true)
            {
                var next = Task.Delay(WakeInterval, time, timeout.Token);
                try
                {
                    var done = await Task.WhenAny(wait.Ready.Task, next).ConfigureAwait(false);
                    if (done == wait.Ready.Task)
                    {
                        return await wait.Ready.Task.ConfigureAwait(false);
                    }
                    await next.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    LogTimedOut(route.App, options.ColdStartTimeout);
                    return null;
                }
                Wake(route.App, wait); // the instance may have failed to start, or the first ask was lost
            }
        }
        finally
        {
            Interlocked.Decrement(ref wait.Waiting);
        }
    }

    public void OnRoutesChanged(ClusterView view, RouteTable table)
    {
        foreach (var (app, wait) in _waits)
        {
            var gone = !table.Apps.TryGetValue(app, out var route);
            if ((gone || route!.Destinations.Length > 0) && _waits.TryRemove(KeyValuePair.Create(app, wait)))
            {
                wait.Ready.TrySetResult(gone ? null : route);
            }
        }
    }

    private void Wake(string app, AppWait wait)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref wait.WokeAt);
        if (last != 0 && time.GetElapsedTime(last) < WakeInterval || Interlocked.CompareExchange(ref wait.WokeAt, now, last) != last)
        {
            return;
        }
        LogWaking(app);
        _ = Task.Run(async () =>
        {
            try
            {
                await client.WakeAppAsync(app, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or NimbusApiException or TaskCanceledException)
            {
                LogWakeFailed(app, ex);
            }
        });
    }

    private sealed class AppWait
    {
        public readonly TaskCompletionSource<AppRoute?> Ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Waiting;
        public long WokeAt;
    }

    [LoggerMessage(3401, LogLevel.Information, "App {App} is scaled to zero and a request is waiting: asking the control plane for an instance")]
    private partial void LogWaking(string app);

    [LoggerMessage(3402, LogLevel.Warning, "Asking the control plane to start app {App} failed; the waiting requests ask again")]
    private partial void LogWakeFailed(string app, Exception exception);

    [LoggerMessage(3403, LogLevel.Warning, "App {App}: no instance became ready within {Timeout}; the waiting request gets 503")]
    private partial void LogTimedOut(string app, TimeSpan timeout);
}
