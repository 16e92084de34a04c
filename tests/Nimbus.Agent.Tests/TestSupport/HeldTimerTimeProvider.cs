namespace Nimbus.Agent.Tests.TestSupport;

/// <summary>The system clock, except that timers due after exactly <see cref="HeldDue"/> wait for the test to
/// <see cref="Release"/> them: a test can look at a long wait (a drain) while it is under way, with no race, and then
/// end it. Every other timer (probes, backoff, grace) runs for real.</summary>
internal sealed class HeldTimerTimeProvider(TimeSpan heldDue) : TimeProvider
{
    private readonly List<HeldTimer> _held = [];

    public TimeSpan HeldDue { get; } = heldDue;

    /// <summary>How many held timers are waiting (created, not yet released or disposed).</summary>
    public int Waiting
    {
        get
        {
            lock (_held)
            {
                return _held.Count(t => !t.Done);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != HeldDue)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }
        var timer = new HeldTimer(callback, state);
        lock (_held)
        {
            _held.Add(timer);
        }
        return timer;
    }

    /// <summary>Fires every held timer now.</summary>
    public void Release()
    {
        List<HeldTimer> timers;
        lock (_held)
        {
            timers = [.. _held];
        }
        foreach (var timer in timers)
        {
            timer.Fire();
        }
    }

    private sealed class HeldTimer(TimerCallback callback, object? state) : ITimer
    {
        private int _done;

        public bool Done => Volatile.Read(ref _done) != 0;

        public void Fire()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                callback(state);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => !Done;

        public void Dispose() => Interlocked.Exchange(ref _done, 1);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
