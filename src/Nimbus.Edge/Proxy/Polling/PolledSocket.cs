using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Nimbus.Edge.Proxy.Async;

namespace Nimbus.Edge.Proxy.Polling;

/// <summary>
/// A connected socket the front reads and writes through its own poller: non-blocking receive and send, and only when
/// one finds nothing to do, a wait for the poller's next event. Readiness is tracked as nginx does — a receive that
/// returned less than it asked for drained the socket, so the next one waits for an event first instead of trying
/// (and failing with EAGAIN) — which saves a system call per read on each side of a proxied request. Without epoll
/// (another OS or architecture) the same calls go to .NET's socket engine.
/// </summary>
internal sealed partial class PolledSocket : IDisposable
{
    private readonly Poller? _poller;
    private readonly ReadinessWaiter _read = new();
    private readonly ReadinessWaiter _write = new();
    private readonly int _fd;
    /// <summary>The read sequence at which the socket was last found drained (-1: not known to be).</summary>
    private long _drainedAt = -1;
    /// <summary>Receives in a row that found bytes at once (a fast long body): past <see cref="MaxStreak"/> one goes
    /// through the thread pool, so the poller's other sockets get their turn.</summary>
    private int _streak;
    private const int MaxStreak = 32;
    private int _state; // 0 registered or plain, 1 closed, 2 detached
    /// <summary>The peer closed its side (or the connection failed): a short read no longer means "wait for an event",
    /// since the end of the stream comes with no further event.</summary>
    private volatile bool _hungUp;

    private PolledSocket(Socket socket, Poller? poller, int fd)
    {
        Socket = socket;
        _poller = poller;
        _fd = fd;
    }

    public Socket Socket { get; }

    /// <summary>On a poller (false: .NET's socket engine does the waiting).</summary>
    public bool Polled => _poller is not null;

    /// <summary>Told (on the poller's thread) the first time the peer closes its side or the connection fails — while
    /// nobody reads from it, say a client gone while its request waits on the instance.</summary>
    public IHangUpListener? HangUp { get; set; }

    /// <summary>Read readiness events seen so far (tests).</summary>
    internal long ReadEvents => Volatile.Read(ref _read.Sequence);

    /// <summary>The poller's name for this socket (slot and generation).</summary>
    internal ulong Token { get; set; }

    /// <summary>Wraps <paramref name="socket"/> on <paramref name="poller"/> (null: .NET's engine does the waiting).</summary>
    public static PolledSocket Attach(Socket socket, Poller? poller)
    {
        if (poller is null)
        {
            return new PolledSocket(socket, null, -1);
        }
        socket.Blocking = false;
        var fd = (int)socket.SafeHandle.DangerousGetHandle();
        var polled = new PolledSocket(socket, poller, fd);
        return poller.Register(polled, fd) ? polled : new PolledSocket(socket, null, -1);
    }

    /// <summary>Called by the poller with the event's flags.</summary>
    internal void Signal(uint events)
    {
        if ((events & (Epoll.RdHup | Epoll.Hup | Epoll.Err)) != 0 && !_hungUp)
        {
            _hungUp = true;
            HangUp?.HungUp();
        }
        if ((events & (Epoll.In | Epoll.RdHup | Epoll.Hup | Epoll.Err)) != 0)
        {
            _read.Signal();
        }
        if ((events & (Epoll.Out | Epoll.Hup | Epoll.Err)) != 0)
        {
            _write.Signal();
        }
    }

    /// <summary>Bytes received into <paramref name="buffer"/>; 0 when the peer closed its side. Throws
    /// <see cref="SocketException"/> on a failed connection and <see cref="ObjectDisposedException"/> once closed.</summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        if (_poller is null)
        {
            return Socket.ReceiveAsync(buffer, SocketFlags.None);
        }
        var seen = Volatile.Read(ref _read.Sequence);
        if (++_streak > MaxStreak)
        {
            _streak = 0;
            return ReceiveYieldingAsync(buffer);
        }
        return (seen != _drainedAt || _hungUp) && TryReceive(buffer.Span, seen, out var n) ? new ValueTask<int>(n) : ReceiveWaitingAsync(buffer, seen);
    }

    /// <summary>One non-blocking receive: true with its count, false when there was nothing to read.</summary>
    private bool TryReceive(Span<byte> buffer, long seen, out int received)
    {
        var handle = Socket.SafeHandle;
        var added = false;
        int n;
        try
        {
            // Held while the fd is used: a close meanwhile (the sweep, shutdown) cannot hand the number to another socket.
            handle.DangerousAddRef(ref added);
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == 1, this);
            do
            {
                n = Epoll.Receive(_fd, buffer);
            }
            while (n == -Epoll.Interrupted);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
        if (n >= 0)
        {
            received = n;
            if (n < buffer.Length)
            {
                _drainedAt = seen;
            }
            return true;
        }
        if (n != -Epoll.WouldBlock)
        {
            throw new SocketException((int)Epoll.ToSocketError(-n));
        }
        received = 0;
        _drainedAt = seen;
        return false;
    }

    /// <summary>
    /// A new connection to <paramref name="endPoint"/> on <paramref name="poller"/>, which .NET's socket engine never
    /// sees (it would be woken for every event of it too). The connect starts before the socket joins the poller (an
    /// unconnected socket reads as hung up, which would stick). A refused or unreachable peer throws
    /// <see cref="SocketException"/>; <paramref name="cancellationToken"/> ends the wait
    /// (<see cref="OperationCanceledException"/>). Whatever fails, the socket is closed and its poller slot freed.
    /// </summary>
    public static async ValueTask<PolledSocket> ConnectAsync(Socket socket, EndPoint endPoint, Poller? poller, CancellationToken cancellationToken)
    {
        if (poller is null)
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new PolledSocket(socket, null, -1);
        }
        socket.Blocking = false;
        var pending = false;
        try
        {
            socket.Connect(endPoint);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            pending = true;
        }
        var polled = Attach(socket, poller);
        try
        {
            if (pending)
            {
                await polled.ConnectedAsync(cancellationToken).ConfigureAwait(false);
            }
            return polled;
        }
        catch (Exception ex)
        {
            polled.Dispose();
            if (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            throw;
        }
    }

    /// <summary>Waits until a connect in progress is done: writable, or failed.</summary>
    private async ValueTask ConnectedAsync(CancellationToken cancellationToken)
    {
        var seen = -1L;
        using (cancellationToken.UnsafeRegister(static s => ((PolledSocket)s!).Dispose(), this))
        {
            while (true)
            {
                if (seen >= 0)
                {
                    await _write.WaitPast(seen).ConfigureAwait(false);
                }
                seen = Volatile.Read(ref _write.Sequence);
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == 1, this);
                if (Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is int error and not 0)
                {
                    throw new SocketException(error);
                }
                // Writable with no error: connected (asking .NET's Socket makes it take the state and endpoints).
                if (Socket.Connected)
                {
                    break;
                }
            }
        }
        // The registration is gone: a cancellation that closed the socket meanwhile is not a connection.
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == 1, this);
    }

    /// <summary>Sends all of <paramref name="bytes"/>.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_poller is null)
        {
            return SendPlainAsync(bytes);
        }
        var seen = Volatile.Read(ref _write.Sequence);
        var sent = TrySend(bytes.Span);
        return sent == bytes.Length ? default : SendWaitingAsync(bytes[sent..], seen);
    }

    private async ValueTask SendPlainAsync(ReadOnlyMemory<byte> bytes) => await Socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private async ValueTask SendWaitingAsync(ReadOnlyMemory<byte> bytes, long seen)
    {
        while (bytes.Length > 0)
        {
            await _write.WaitPast(seen).ConfigureAwait(false);
            seen = Volatile.Read(ref _write.Sequence);
            bytes = bytes[TrySend(bytes.Span)..];
        }
    }

    /// <summary>Sends what the socket takes now (0 when its buffer is full).</summary>
    private int TrySend(ReadOnlySpan<byte> bytes)
    {
        var handle = Socket.SafeHandle;
        var added = false;
        var total = 0;
        try
        {
            handle.DangerousAddRef(ref added);
            while (total < bytes.Length)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == 1, this);
                var n = Epoll.Send(_fd, bytes[total..]);
                if (n >= 0)
                {
                    total += n;
                }
                else if (n == -Epoll.WouldBlock)
                {
                    break;
                }
                else if (n != -Epoll.Interrupted)
                {
                    throw new SocketException((int)Epoll.ToSocketError(-n));
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
        return total;
    }

    /// <summary>Leaves the poller with the socket open (Kestrel takes it over).</summary>
    public void Detach()
    {
        if (_poller is null || Interlocked.CompareExchange(ref _state, 2, 0) != 0)
        {
            return;
        }
        var handle = Socket.SafeHandle;
        var added = false;
        try
        {
            // Held: a close meanwhile (shutdown) cannot let the removal hit another socket given the same fd number.
            handle.DangerousAddRef(ref added);
            _poller.Unregister(this, _fd);
        }
        catch (ObjectDisposedException)
        {
            _poller.Release(Token);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Closes the socket; a receive or send waiting on it ends with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        var was = Interlocked.Exchange(ref _state, 1);
        if (was == 1)
        {
            return;
        }
        if (_poller is not null && was == 0)
        {
            _poller.Release(Token);
        }
        Socket.Dispose();
        // A read or write waiting on it resumes on the thread pool, not on the closing thread (the sweep holds a lock;
        // a cancellation callback is in its timer).
        ThreadPool.UnsafeQueueUserWorkItem(static s =>
        {
            s._read.Signal();
            s._write.Signal();
        }, this, preferLocal: false);
    }
}
