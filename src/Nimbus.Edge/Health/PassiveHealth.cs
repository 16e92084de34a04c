using System.Diagnostics;

namespace Nimbus.Edge.Health;

/// <summary>One instance's passive health: consecutive failures eject it for a back-off that doubles while it keeps
/// failing; one success resets it. Lock-free; races only make an ejection a request early or late.</summary>
internal sealed class PassiveHealth
{
    private int _failures;
    private int _errors5xx;
    private int _ejections;
    private long _ejectedUntil;

    /// <summary>True while ejected (Stopwatch timestamp based, so no clock reads beyond one timestamp).</summary>
    public bool IsEjected(long now) => now < Volatile.Read(ref _ejectedUntil);

    public int Ejections => Volatile.Read(ref _ejections);

    public void Succeeded()
    {
        if (_failures != 0 || _errors5xx != 0 || _ejections != 0)
        {
            Volatile.Write(ref _failures, 0);
            Volatile.Write(ref _errors5xx, 0);
            Volatile.Write(ref _ejections, 0);
        }
    }

    /// <summary>The instance answered 5xx.</summary>
    public bool ServerError(PassiveHealthOptions options, long now)
    {
        Volatile.Write(ref _failures, 0);
        return Interlocked.Increment(ref _errors5xx) >= options.Consecutive5xx && Eject(options, now);
    }

    /// <summary>Could not connect, connection reset, or no answer in time. Returns true when this ejected it.</summary>
    public bool Failed(PassiveHealthOptions options, long now) =>
        Interlocked.Increment(ref _failures) >= options.ConsecutiveFailures && Eject(options, now);

    /// <summary>Ejects at once (a refused connection says the process is not there: no point trying it twice more).</summary>
    public bool Eject(PassiveHealthOptions options, long now)
    {
        if (IsEjected(now))
        {
            return false;
        }
        var round = Math.Min(Interlocked.Increment(ref _ejections), 16);
        var backoff = options.BaseEjection * Math.Pow(2, round - 1);
        if (backoff > options.MaxEjection)
        {
            backoff = options.MaxEjection;
        }
        Volatile.Write(ref _ejectedUntil, now + (long)(backoff.TotalSeconds * Stopwatch.Frequency));
        Volatile.Write(ref _failures, 0);
        Volatile.Write(ref _errors5xx, 0);
        return true;
    }
}
