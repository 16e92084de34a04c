using System.IO.Pipelines;
using System.Net.Sockets;
using Nimbus.Edge.Proxy.Polling;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>One keep-alive HTTP/1.1 connection to an instance: the socket, pipes over it, and a cancellation source
/// reused by every exchange on it (response timeout and client abort), reset before the connection goes back to its pool.
/// Owned by one request at a time.</summary>
internal sealed class UpstreamConnection : IDisposable
{
    private const int ReadBufferSize = 16 * 1024;
    private static readonly Exception Closed = new ObjectDisposedException(nameof(UpstreamConnection));

    /// <param name="socket">A connected socket.</param>
    /// <param name="polled">The socket on a front poller already (it connected there).</param>
    public UpstreamConnection(Socket socket, PolledSocket? polled = null)
    {
        Socket = socket;
        _polled = polled;
        // NetworkStream takes only a blocking socket; one on a front poller is non-blocking again right after (the
        // stream's async reads and writes, which the Kestrel path uses, work either way).
        var onPoller = polled is { Polled: true };
        if (onPoller)
        {
            socket.Blocking = true;
        }
        var stream = new NetworkStream(socket, ownsSocket: true);
        if (onPoller)
        {
            socket.Blocking = false;
        }
        Reader = PipeReader.Create(stream, new StreamPipeReaderOptions(pool: BlockPool.Instance, bufferSize: ReadBufferSize, minimumReadSize: 2048, leaveOpen: true));
        Writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(pool: BlockPool.Instance, minimumBufferSize: 4096, leaveOpen: true));
    }

    public Socket Socket { get; }

    /// <summary>The socket on a front poller, once the front used this connection (null before).</summary>
    private PolledSocket? _polled;

    /// <summary>The socket as the front reads and writes it, registered with <paramref name="poller"/> on first use.</summary>
    public PolledSocket Io(Poller? poller) => _polled ??= PolledSocket.Attach(Socket, poller);

    /// <summary>Closes the socket; a front read or write waiting on it ends.</summary>
    public void Close()
    {
        if (_polled is { } polled)
        {
            polled.Dispose();
        }
        else
        {
            Socket.Dispose();
        }
    }

    public PipeReader Reader { get; }
    public PipeWriter Writer { get; }
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>It served a request before: a failure before any response byte may just mean the instance closed it
    /// while it sat idle (stale), and the request may go again on a fresh connection.</summary>
    public bool Reused { get; set; }

    private const long Expired = -1;
    private long _deadline;

    /// <summary>The front's wait for a response head on this connection ends at <paramref name="deadline"/>
    /// (Stopwatch ticks); the front's sweep calls <see cref="ExpireIfDue"/>.</summary>
    public void SetDeadline(long deadline) => Volatile.Write(ref _deadline, deadline);

    /// <summary>Ends the wait; true when the deadline had passed (the sweep closed the socket).</summary>
    public bool ClearDeadline() => Interlocked.Exchange(ref _deadline, 0) == Expired;

    /// <summary>Closes the socket if the wait for a response head is past its deadline: the wait then fails, and
    /// <see cref="ClearDeadline"/> tells it why. A later wait on this connection has its own deadline, which this
    /// never mistakes for the old one.</summary>
    public void ExpireIfDue(long now)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline > 0 && now >= deadline && Interlocked.CompareExchange(ref _deadline, Expired, deadline) == deadline)
        {
            Close();
        }
    }

    /// <summary>When it went back to the pool (TimeProvider timestamp).</summary>
    public long IdleSince { get; set; }

    /// <summary>Whether an idle connection can carry a request: the instance has not closed it (a readable idle socket
    /// means end of stream or bytes nobody asked for — either way it is unusable).</summary>
    public bool LooksAlive()
    {
        try
        {
            return !Socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Close();
        // With an exception the writer drops what it buffered instead of writing it to a dead socket.
        Writer.Complete(Closed);
        Reader.Complete(Closed);
        Cancellation.Dispose();
    }
}
