using System.Diagnostics;

namespace Nimbus.Edge.Proxy.Polling;

/// <summary>
/// Stopwatch time read once per poller wake-up, as nginx reads its time once per turn of its event loop, for what is
/// measured in seconds: deadlines, how long a connection has been in a state, ejection windows. Reading the clock at
/// each of those uses cost ~4% of the proxy's CPU samples (a VM's clock read is not cheap). Late by at most the time
/// the poller spends on one batch of events. Off a poller thread it reads the clock. Latencies and traces read the
/// clock themselves.
/// </summary>
internal static class LoopClock
{
    [ThreadStatic]
    private static long t_now;

    public static long Now
    {
        get
        {
            var now = t_now;
            return now != 0 ? now : Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Called by a poller as it wakes up with events.</summary>
    internal static void Tick() => t_now = Stopwatch.GetTimestamp();
}
