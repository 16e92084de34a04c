using System.Threading.Tasks.Sources;

namespace Nimbus.Edge.Proxy.Polling;

/// <summary>One direction's wait for readiness (reading or writing): armed by the socket's user, completed by the
/// poller's thread (or by closing the socket), whichever comes second. Reused for every wait; no allocation.</summary>
internal sealed class ReadinessWaiter : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core;
    private int _armed;

    /// <summary>Counts readiness events; a wait ends once it moved past the value seen before the failed attempt.</summary>
    public long Sequence;

    /// <summary>The current wait's token (for a user that registers on this source directly).</summary>
    public short Token => _core.Version;

    /// <summary>A wait that ends once <see cref="Sequence"/> is no longer <paramref name="seen"/> (or at once if it already moved).</summary>
    public ValueTask WaitPast(long seen)
    {
        _core.Reset();
        Volatile.Write(ref _armed, 1);
        if (Volatile.Read(ref Sequence) != seen && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            return default;
        }
        // Either nothing happened yet, or the signaller disarmed it first and is completing it: both end in the await.
        return new ValueTask(this, _core.Version);
    }

    /// <summary>Readiness (or a close): moves the sequence and completes a waiting user, on this thread.</summary>
    public void Signal()
    {
        Interlocked.Increment(ref Sequence);
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _core.SetResult(true);
        }
    }

    public void GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
