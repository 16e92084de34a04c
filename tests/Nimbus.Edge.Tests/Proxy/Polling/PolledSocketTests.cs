using System.Net;
using System.Net.Sockets;
using Nimbus.Edge.Proxy.Polling;

namespace Nimbus.Edge.Tests.Proxy.Polling;

/// <summary>The front's own socket I/O over epoll, against real loopback sockets: reads that wait for the next event
/// after draining the socket, the end of the stream arriving with the last bytes, writes larger than the socket buffer,
/// closing a socket someone waits on, connects (refused, cancelled), and handing the socket back to .NET.</summary>
public sealed class PolledSocketTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public PolledSocketTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
    }

    public void Dispose() => _listener.Dispose();

    private static Poller Poller => Nimbus.Edge.Proxy.Polling.Poller.Next() ?? throw new InvalidOperationException("epoll is not available here");

    /// <summary>A connected pair: the polled side (client) and the plain peer the test drives.</summary>
    private async Task<(PolledSocket Polled, Socket Peer)> PairAsync()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = _listener.AcceptAsync();
        var polled = await PolledSocket.ConnectAsync(client, _listener.LocalEndPoint!, Poller, CancellationToken.None).AsTask().WaitAsync(Wait);
        return (polled, await accept.WaitAsync(Wait));
    }

    [Fact]
    public async Task Receive_AfterTheSocketWasDrained_WaitsForTheNextBytes()
    {
        Assert.True(Epoll.IsSupported);
        var (polled, peer) = await PairAsync();
        using var _ = polled;
        using var __ = peer;
        var buffer = new byte[64];

        await peer.SendAsync("first"u8.ToArray());
        Assert.Equal("first", await ReceiveTextAsync(polled, buffer));

        // Drained: the next receive waits for an event rather than returning nothing.
        var pending = polled.ReceiveAsync(buffer).AsTask();
        Assert.False(pending.IsCompleted);
        await peer.SendAsync("second"u8.ToArray());
        Assert.Equal(6, await pending.WaitAsync(Wait));
        Assert.Equal("second", System.Text.Encoding.ASCII.GetString(buffer, 0, 6));
    }

    [Fact]
    public async Task WaitingReceives_OneAfterAnother_EachGetTheirOwnBytes_ThenTheEndOfTheStream()
    {
        // A waiting receive is the socket's own reusable source: each wait must complete with its own count, never a
        // previous one's, and the peer's close must end the last wait with 0.
        var (polled, peer) = await PairAsync();
        using var _ = polled;
        var buffer = new byte[64];
        for (var i = 0; i < 200; i++)
        {
            var pending = polled.ReceiveAsync(buffer).AsTask();
            var text = "message " + i;
            await peer.SendAsync(System.Text.Encoding.ASCII.GetBytes(text));
            var n = await pending.WaitAsync(Wait);
            Assert.Equal(text, System.Text.Encoding.ASCII.GetString(buffer, 0, n));
        }
        var last = polled.ReceiveAsync(buffer).AsTask();
        peer.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await last.WaitAsync(Wait));
        peer.Dispose();
    }

    [Fact]
    public async Task TheLoopClock_OnAPollerThread_IsTheTimeItWokeUp_ElsewhereTheClock()
    {
        var registered = System.Diagnostics.Stopwatch.GetTimestamp();
        var (polled, peer) = await PairAsync();
        using var _ = polled;
        using var __ = peer;
        var buffer = new byte[64];
        var pending = polled.ReceiveAsync(buffer).AsTask();
        long first = 0, second = 0, after = 0;
        var resumed = pending.ContinueWith(_ =>
        {
            // Inline where the receive completed: on the poller's thread, during the batch of events that woke it.
            first = LoopClock.Now;
            Thread.SpinWait(1000);
            second = LoopClock.Now;
            after = System.Diagnostics.Stopwatch.GetTimestamp();
        }, TaskContinuationOptions.ExecuteSynchronously);
        await peer.SendAsync("tick"u8.ToArray());
        await resumed.WaitAsync(Wait);
        Assert.Equal(first, second); // the wake-up's time, not a new reading
        // Woken after the socket was registered (its events cannot come before); never ahead of the clock.
        Assert.InRange(first, registered, after);

        // Off a poller (a thread pool thread; the test itself may be resumed on the poller): the clock itself.
        var (before, read, later) = await Task.Run(() =>
            (System.Diagnostics.Stopwatch.GetTimestamp(), LoopClock.Now, System.Diagnostics.Stopwatch.GetTimestamp()));
        Assert.InRange(read, before, later);
    }

    [Fact]
    public async Task TheEndOfTheStream_ThatCameWithTheLastBytes_IsSeen()
    {
        // Bytes and FIN both there before the socket joins the poller: one event for both, and the read of the bytes is
        // short, which otherwise means "drained, wait for the next event" — an event that never comes.
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = _listener.AcceptAsync();
        await client.ConnectAsync(_listener.LocalEndPoint!).WaitAsync(Wait);
        using (var peer = await accept.WaitAsync(Wait))
        {
            await peer.SendAsync("last words"u8.ToArray());
        }
        // Polled with a deadline: both the bytes and the end of the stream are here once the socket reads as readable
        // with 10 bytes available (FIN follows the bytes on loopback in the same flush).
        var deadline = DateTime.UtcNow + Wait;
        while (client.Available < 10)
        {
            Assert.True(DateTime.UtcNow < deadline, "the bytes did not arrive");
            await Task.Delay(5);
        }
        using var polled = PolledSocket.Attach(client, Poller);
        // The registration's one event has been handled before the first read (else that read would look at a newer
        // event and try again anyway).
        while (polled.ReadEvents == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no event for the registered socket");
            await Task.Delay(5);
        }
        var buffer = new byte[64];
        Assert.Equal("last words", await ReceiveTextAsync(polled, buffer));
        Assert.Equal(0, await polled.ReceiveAsync(buffer).AsTask().WaitAsync(Wait));
    }

    [Fact]
    public async Task Send_LargerThanTheSocketBuffers_CompletesAsThePeerReads()
    {
        var (polled, peer) = await PairAsync();
        using var _ = polled;
        using var __ = peer;
        var payload = new byte[8 << 20];
        new Random(3).NextBytes(payload);

        var send = polled.SendAsync(payload).AsTask();
        var received = new byte[payload.Length];
        var total = 0;
        while (total < received.Length)
        {
            var n = await peer.ReceiveAsync(received.AsMemory(total)).AsTask().WaitAsync(Wait);
            Assert.NotEqual(0, n);
            total += n;
        }
        await send.WaitAsync(Wait);
        Assert.Equal(payload, received);
    }

    [Fact]
    public async Task Dispose_EndsAWaitingReceive()
    {
        var (polled, peer) = await PairAsync();
        using var __ = peer;
        var pending = polled.ReceiveAsync(new byte[16]).AsTask();
        Assert.False(pending.IsCompleted);
        polled.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.WaitAsync(Wait));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => polled.ReceiveAsync(new byte[16]).AsTask());
    }

    [Fact]
    public async Task Connect_ToAClosedPort_IsRefused()
    {
        var port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _listener.Dispose();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => PolledSocket.ConnectAsync(socket, new IPEndPoint(IPAddress.Loopback, port), Poller, CancellationToken.None).AsTask().WaitAsync(Wait));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        // Closed (and off its poller): a dead instance under steady traffic leaks nothing.
        Assert.Throws<ObjectDisposedException>(() => socket.Available);
    }

    [Fact]
    public async Task Connect_Cancelled_ClosesTheSocket()
    {
        // A non-routable address (TEST-NET-1) never answers: the connect stays in progress until cancelled.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var error = await Record.ExceptionAsync(() => PolledSocket.ConnectAsync(socket, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 9), Poller, cancel.Token).AsTask().WaitAsync(Wait));
        // Either cancelled while in progress, or refused at once by a network with no route: never connected.
        Assert.True(error is OperationCanceledException or SocketException, error?.ToString());
        Assert.Throws<ObjectDisposedException>(() => socket.Available);
    }

    [Fact]
    public async Task Detach_LeavesTheSocketOpen_ForNetsOwnAsyncIo()
    {
        var (polled, peer) = await PairAsync();
        using var __ = peer;
        polled.Detach();
        using var socket = polled.Socket;
        await peer.SendAsync("after"u8.ToArray());
        var buffer = new byte[16];
        Assert.Equal(5, await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(Wait));
        await socket.SendAsync("back"u8.ToArray());
        Assert.Equal(4, await peer.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(Wait));
    }

    private static async Task<string> ReceiveTextAsync(PolledSocket polled, byte[] buffer)
    {
        var n = await polled.ReceiveAsync(buffer).AsTask().WaitAsync(Wait);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, n);
    }
}
