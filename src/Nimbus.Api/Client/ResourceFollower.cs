using Nimbus.Api.Resources;

namespace Nimbus.Api.Client;

/// <summary>
/// The follow loop every watcher of the control plane runs: list, then watch from the list's revision, and list again
/// whenever the watch breaks (410 compacted, a silent stream, a dead control plane), backing off 200 ms doubling to
/// 5 s between failed rounds. Level-triggered: whatever a broken watch missed, the next list repairs. The caller keeps
/// its own state and its <c>BackgroundService</c>; this only runs the loop.
/// </summary>
public static class ResourceFollower
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);

    /// <summary>Follows <paramref name="kinds"/>: <paramref name="list"/> loads everything and returns the revision to
    /// watch from, then <paramref name="apply"/> gets each watch change in order; <paramref name="broken"/> is told of
    /// each failed round (to log it) before the loop backs off and lists again. Returns when <paramref name="ct"/> is
    /// cancelled.</summary>
    public static Task RunAsync(
        NimbusClient client,
        string kinds,
        Func<CancellationToken, Task<long>> list,
        Action<WatchEvent> apply,
        Action<Exception> broken,
        TimeProvider time,
        CancellationToken ct) =>
        RunAsync(list, (since, token) => ApplyChangesAsync(client, since, kinds, apply, token), broken, time, ct);

    /// <summary>The general form, for a follower that consumes the watch its own way (batching, say):
    /// <paramref name="follow"/> gets the revision <paramref name="list"/> returned and runs until the watch breaks,
    /// by throwing; <paramref name="broken"/> is told of each failed round. Returns when <paramref name="ct"/> is
    /// cancelled.</summary>
    public static async Task RunAsync(
        Func<CancellationToken, Task<long>> list,
        Func<long, CancellationToken, Task> follow,
        Action<Exception> broken,
        TimeProvider time,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(follow);
        ArgumentNullException.ThrowIfNull(broken);
        ArgumentNullException.ThrowIfNull(time);
        var delay = FirstRetry;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var since = await list(ct).ConfigureAwait(false);
                delay = FirstRetry;
                await follow(since, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                broken(ex);
                try
                {
                    await Task.Delay(delay, time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetry.Ticks));
            }
        }
    }

    /// <summary>Hands each change after <paramref name="since"/> to <paramref name="apply"/> until the stream breaks; a
    /// stream that ends is a break too (it throws <see cref="IOException"/>), so the caller lists again.</summary>
    public static async Task ApplyChangesAsync(NimbusClient client, long since, string kinds, Action<WatchEvent> apply, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(apply);
        await foreach (var change in client.WatchAsync(since, kinds, ct).ConfigureAwait(false))
        {
            apply(change);
        }
        throw new IOException("the watch stream ended");
    }
}
