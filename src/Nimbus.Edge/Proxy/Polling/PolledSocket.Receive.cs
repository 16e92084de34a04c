using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Nimbus.Edge.Proxy.Async;

namespace Nimbus.Edge.Proxy.Polling;

/// <summary>A receive that has to wait is this socket's own value-task source: the poller's readiness event runs the
/// receive itself and completes the caller's await with its count. No async method sits between the event and the
/// caller, so a wake-up resumes the method that reads (not a wrapper that then resumes it). One receive at a time.</summary>
internal sealed partial class PolledSocket : IValueTaskSource<int>
{
    private static readonly Action<object?> OnReadable = static s => ((PolledSocket)s!).ReceiveReady();

    private ManualResetValueTaskSourceCore<int> _receive;
    private Memory<byte> _receiveBuffer;

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<int> ReceiveYieldingAsync(Memory<byte> buffer)
    {
        await Task.Yield();
        return await ReceiveAsync(buffer).ConfigureAwait(false);
    }

    /// <summary>Waits for the next read event past <paramref name="seen"/>, then receives (again, if the event found
    /// nothing to read).</summary>
    private ValueTask<int> ReceiveWaitingAsync(Memory<byte> buffer, long seen)
    {
        _streak = 0;
        _receive.Reset();
        _receiveBuffer = buffer;
        try
        {
            if (ReceiveOrArm(seen, out var n))
            {
                _receiveBuffer = default;
                return new ValueTask<int>(n);
            }
        }
        catch (Exception ex)
        {
            _receiveBuffer = default;
            return ValueTask.FromException<int>(ex);
        }
        return new ValueTask<int>(this, _receive.Version);
    }

    /// <summary>The read event (or a close) came: receive, or wait again when it found nothing.</summary>
    private void ReceiveReady()
    {
        int n;
        try
        {
            _read.GetResult(_read.Token);
            var seen = Volatile.Read(ref _read.Sequence);
            if (!TryReceive(_receiveBuffer.Span, seen, out n) && !ReceiveOrArm(seen, out n))
            {
                return;
            }
        }
        catch (Exception ex)
        {
            _receiveBuffer = default;
            _receive.SetException(ex);
            return;
        }
        _receiveBuffer = default;
        _receive.SetResult(n);
    }

    /// <summary>Receives into the waiting buffer after each read event past <paramref name="seen"/> that has already
    /// come; true with the count once one finds bytes (or the end), false when it armed the wait for the next event
    /// (<see cref="ReceiveReady"/> goes on from there).</summary>
    private bool ReceiveOrArm(long seen, out int n)
    {
        while (_read.WaitPast(seen) is { IsCompleted: true } ready)
        {
            ready.GetAwaiter().GetResult();
            seen = Volatile.Read(ref _read.Sequence);
            if (TryReceive(_receiveBuffer.Span, seen, out n))
            {
                return true;
            }
        }
        _read.OnCompleted(OnReadable, this, _read.Token, ValueTaskSourceOnCompletedFlags.None);
        n = 0;
        return false;
    }

    int IValueTaskSource<int>.GetResult(short token) => _receive.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _receive.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _receive.OnCompleted(continuation, state, token, flags);
}
