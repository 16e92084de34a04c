using System.Diagnostics;
using Nimbus.Edge.Proxy.Polling;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tracing;

namespace Nimbus.Edge.Proxy;

/// <summary>The retry rule both request paths follow: at most two instances, the second only when the first one's
/// failure allows it (<see cref="ForwardResult.MayRetry"/>), each try judged for passive health and, when the request
/// is traced, noted on its timeline (the pick and why, then how the try ended).</summary>
internal struct InstanceAttempts(AppRoute route, bool idempotent, PassiveHealthJudge judge, RequestTimeline? timeline)
{
    private Destination? _failed;
    private int _tries;
    private bool _done;

    /// <summary>The instance for the next try, or null: none ready, two tried, or the last answer stands.</summary>
    public Destination? Next()
    {
        if (_done || _tries == 2 || route.Pick(LoopClock.Now, _failed, out var note) is not { } destination)
        {
            return null;
        }
        timeline?.Picked(Stopwatch.GetTimestamp(), destination, note);
        if (_tries++ > 0)
        {
            route.Traffic.Retried();
        }
        return destination;
    }

    /// <summary>What the try on <paramref name="destination"/> came to.</summary>
    public void Record(Destination destination, ForwardResult result)
    {
        timeline?.Ended(result);
        judge.Judge(destination, result);
        if (result.Error == ForwardError.None || !result.MayRetry(idempotent))
        {
            _done = true;
        }
        else
        {
            _failed = destination;
        }
    }

    /// <summary>The try does not count (the cache's entry changed under a revalidation: asked again as a plain miss).</summary>
    public void Repeat() => _tries--;
}
