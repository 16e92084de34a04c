using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nimbus.Edge.Tests.Proxy.Upstream;

/// <summary>A TCP server on port 0 that speaks whatever bytes a test wants, for instance behaviour Kestrel will not
/// produce (malformed heads, close-delimited bodies, interim responses, closing a kept-alive connection).</summary>
internal sealed class RawBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    /// <param name="handler">Runs for each connection with its 1-based number.</param>
    public RawBackend(Func<NetworkStream, int, CancellationToken, Task> handler)
    {
        _listener.Start();
        Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync(handler);
    }

    public string Address { get; }
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Reads one request head (and nothing after it); null when the peer closed first.</summary>
    public static async Task<string?> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct) == 0)
            {
                return null;
            }
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    public static Task WriteAsync(Stream stream, string text, CancellationToken ct) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct);

    private async Task AcceptAsync(Func<NetworkStream, int, CancellationToken, Task> handler)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var number = Interlocked.Increment(ref _connections);
            _ = Task.Run(async () =>
            {
                using var stream = new NetworkStream(socket, ownsSocket: true);
                try
                {
                    await handler(stream, number, _stop.Token);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or TimeoutException)
                {
                    // The test decides what a connection does; its end is not an error here.
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
