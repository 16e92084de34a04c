using Nimbus.Agent.Health;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Runtime;

/// <summary>Probes one run of an instance every interval and folds the results into its state.</summary>
internal sealed class ReadinessMonitor(
    HttpProbe probe,
    Uri uri,
    HealthCheck health,
    TimeProvider time,
    InstanceStateStore state,
    Action<int, bool, string> onChanged)
{
    internal static readonly TimeSpan StartupInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Probes until <paramref name="cancellationToken"/> fires (the run ended); never throws.</summary>
    public async Task RunAsync(int pid, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var interval = health.Interval > TimeSpan.Zero ? health.Interval : TimeSpan.FromSeconds(1);
        var timeout = health.Timeout > TimeSpan.Zero ? health.Timeout : TimeSpan.FromSeconds(1);
        var readiness = new ReadinessTracker();
        var graceReported = false;
        // Until the first success, probe fast: a refused connection costs nothing and every interval waited
        // here is added to the deploy. After that, the configured interval.
        using var timer = new PeriodicTimer(interval < StartupInterval ? interval : StartupInterval, time);
        try
        {
            do
            {
                var result = await probe.ProbeAsync(uri, timeout, cancellationToken).ConfigureAwait(false);
                if (readiness.Observe(result.Healthy))
                {
                    Apply(pid, readiness.Ready, result.Detail);
                    timer.Period = interval;
                }
                else if (!readiness.Ready && !graceReported && time.GetUtcNow() - startedAt >= health.StartGrace)
                {
                    graceReported = true;
                    state.Update(s => s.Pid == pid
                        ? s with { Message = $"not ready after {Durations.Format(health.StartGrace)}: {result.Detail}" }
                        : s);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Apply(int pid, bool ready, string detail)
    {
        // Only the run this monitor belongs to, and only while it is still running: a late result must not mark
        // a stopping or crashed instance ready.
        var next = state.Update(s => s.Pid != pid || s.Phase is not (InstancePhase.Starting or InstancePhase.Running)
            ? s
            : ready
                ? s with { Phase = InstancePhase.Running, Ready = true, EverReady = true, Message = "" }
                : s with { Ready = false, Message = "health check failing: " + detail });
        if (next.Pid == pid && next.Ready == ready)
        {
            onChanged(pid, ready, detail);
        }
    }
}
