namespace Nimbus.Agent.Health;

/// <summary>
/// Readiness from a stream of probe results: ready on the first success; once ready, only
/// <see cref="FailureThreshold"/> failures in a row take it away, so one slow response does not pull traffic.
/// </summary>
internal sealed class ReadinessTracker
{
    public const int FailureThreshold = 3;

    private int _failures;

    public bool Ready { get; private set; }

    /// <summary>Records a probe result; true when <see cref="Ready"/> changed.</summary>
    public bool Observe(bool healthy)
    {
        if (healthy)
        {
            _failures = 0;
            if (Ready)
            {
                return false;
            }

            Ready = true;
            return true;
        }

        _failures++;
        if (!Ready || _failures < FailureThreshold)
        {
            return false;
        }

        Ready = false;
        return true;
    }
}
