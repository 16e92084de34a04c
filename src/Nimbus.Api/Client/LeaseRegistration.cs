using System.Net;

namespace Nimbus.Api.Client;

/// <summary>
/// The loop that keeps a record (an edge, a storage node) registered with the control plane on a lease: register
/// (retrying with backoff, 200 ms doubling to 5 s), heartbeat on a timer to renew the lease, register again when a
/// heartbeat finds the record gone (404: the lease lapsed), and on stop deregister so others see it gone at once
/// rather than when the lease runs out. The caller keeps its <c>BackgroundService</c> and its log messages.
/// </summary>
public static class LeaseRegistration
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Registers once <paramref name="ready"/> completes, then heartbeats until <paramref name="ct"/> is
    /// cancelled, when it returns.</summary>
    /// <param name="ready">Completes when the record may be advertised (its addresses are bound, say).</param>
    /// <param name="register">Registers the record once; returns the heartbeat interval the control plane asks for,
    /// if any. A failure is retried.</param>
    /// <param name="heartbeat">Renews the lease once.</param>
    /// <param name="maxInterval">The heartbeat interval, unless the control plane asks for a shorter one.</param>
    /// <param name="registerFailed">Told of each failed registration before the retry.</param>
    /// <param name="heartbeatFailed">Told of each failed heartbeat other than a 404 (the next one tries again).</param>
    /// <param name="time">Drives the heartbeat timer and the retry backoff.</param>
    /// <param name="ct">Stops the loop.</param>
    public static async Task RunAsync(
        Task ready,
        Func<CancellationToken, Task<TimeSpan?>> register,
        Func<CancellationToken, Task> heartbeat,
        TimeSpan maxInterval,
        Action<Exception> registerFailed,
        Action<Exception> heartbeatFailed,
        TimeProvider time,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ready);
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(heartbeat);
        ArgumentNullException.ThrowIfNull(registerFailed);
        ArgumentNullException.ThrowIfNull(heartbeatFailed);
        ArgumentNullException.ThrowIfNull(time);
        try
        {
            await ready.WaitAsync(ct).ConfigureAwait(false);
            var interval = await RegisterAsync(register, maxInterval, maxInterval, registerFailed, time, ct).ConfigureAwait(false);
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                timer.Period = interval;
                try
                {
                    await heartbeat(ct).ConfigureAwait(false);
                }
                catch (NimbusApiException ex) when (ex.Status == HttpStatusCode.NotFound)
                {
                    interval = await RegisterAsync(register, interval, maxInterval, registerFailed, time, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    heartbeatFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Deregisters, bounded to 2 s and quietly: a stopping process must not hang on a control plane that is
    /// gone, and an unexpired lease lapses on its own anyway.</summary>
    public static async Task LeaveAsync(Func<CancellationToken, Task> deregister)
    {
        ArgumentNullException.ThrowIfNull(deregister);
        try
        {
            using var timeout = new CancellationTokenSource(LeaveTimeout);
            await deregister(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or NimbusApiException or OperationCanceledException or TimeoutException)
        {
        }
    }

    /// <summary>Registers, retrying until it succeeds; returns the heartbeat interval to use from now on (the
    /// <paramref name="current"/> one when the control plane asks for none).</summary>
    private static async Task<TimeSpan> RegisterAsync(
        Func<CancellationToken, Task<TimeSpan?>> register,
        TimeSpan current,
        TimeSpan maxInterval,
        Action<Exception> registerFailed,
        TimeProvider time,
        CancellationToken ct)
    {
        var delay = FirstRetry;
        while (true)
        {
            try
            {
                var wanted = await register(ct).ConfigureAwait(false);
                return wanted is { } w && w > TimeSpan.Zero ? (w < maxInterval ? w : maxInterval) : current;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                registerFailed(ex);
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetry.Ticks));
            }
        }
    }
}
