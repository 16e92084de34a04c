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
            // Readiness that came meanwhile: receive on this thread while it keeps finding bytes.
            while (_read.WaitPast(seen) is { IsCompleted: true } ready)
            {
                ready.GetAwaiter().GetResult();
                seen = Volatile.Read(ref _read.Sequence);
                if (TryReceive(buffer.Span, seen, out var n))
                {
                    _receiveBuffer = default;
                    return new ValueTask<int>(n);
                }
            }
        }
        catch (Exception ex)
        {
            _receiveBuffer = default;
            return ValueTask.FromException<int>(ex);
        }
        _read.OnCompleted(OnReadable, this, _read.Token, ValueTaskSourceOnCompletedFlags.None);
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
            while (!TryReceive(_receiveBuffer.Span, seen, out n))
            {
                var next = _read.WaitPast(seen);
                if (!next.IsCompleted)
                {
                    _read.OnCompleted(OnReadable, this, _read.Token, ValueTaskSourceOnCompletedFlags.None);
                    return;
                }
                next.GetAwaiter().GetResult();
                seen = Volatile.Read(ref _read.Sequence);
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

    int IValueTaskSource<int>.GetResult(short token) => _receive.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _receive.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _receive.OnCompleted(continuation, state, token, flags);
}
