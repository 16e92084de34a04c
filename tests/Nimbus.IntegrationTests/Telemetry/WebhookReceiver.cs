using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nimbus.IntegrationTests.Telemetry;

/// <summary>A tiny HTTP server on a loopback port 0 that keeps the body of every POST it gets (answers 204, or
/// <paramref name="answer"/>): as text in <see cref="Bodies"/>, as bytes in <see cref="RawBodies"/>.</summary>
internal sealed class WebhookReceiver(string answer = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n") : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Starts listening (before <see cref="Url"/> is read).</summary>
    public WebhookReceiver Start()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
        return this;
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook";

    public ConcurrentQueue<string> Bodies { get; } = new();

    public ConcurrentQueue<byte[]> RawBodies { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var stream = client.GetStream();
            var buffer = new byte[64 * 1024];
            var length = 0;
            try
            {
                while (true)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token);
                    if (n == 0)
                    {
                        return;
                    }
                    length += n;
                    var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
                    if (end < 0)
                    {
                        continue;
                    }
                    var head = Encoding.ASCII.GetString(buffer, 0, end);
                    var header = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                    var bodyLength = header is null ? 0 : int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    if (length - (end + 4) < bodyLength)
                    {
                        if (length == buffer.Length)
                        {
                            Array.Resize(ref buffer, buffer.Length * 2);
                        }
                        continue;
                    }
                    var body = buffer[(end + 4)..(end + 4 + bodyLength)];
                    RawBodies.Enqueue(body);
                    Bodies.Enqueue(Encoding.UTF8.GetString(body));
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), timeout.Token);
                    return;
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_loop is not null)
        {
            await _loop;
        }
        _stop.Dispose();
    }
}
