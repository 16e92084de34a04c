using System.Net;
using System.Net.Sockets;
using System.Text;
using Nimbus.Agent.Health;
using Nimbus.Agent.Tests.TestSupport;

namespace Nimbus.Agent.Tests.Health;

public sealed class HttpProbeTests
{
    [Theory]
    [InlineData("200 OK", true)]
    [InlineData("204 No Content", true)]
    [InlineData("302 Found", true)]
    [InlineData("404 Not Found", false)]
    [InlineData("503 Service Unavailable", false)]
    public async Task ProbeAsync_StatusCode_HealthyOnlyFor200To399(string status, bool healthy)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = AnswerOnceAsync(listener, $"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var client = HttpProbe.CreateClient();

        var result = await new HttpProbe(client).ProbeAsync(Uri(listener, "/healthz"), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(healthy, result.Healthy);
        Assert.Equal(status[..3], result.Detail);
        Assert.StartsWith("GET /healthz HTTP/1.1", await serving.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ProbeAsync_NothingListening_IsUnhealthy()
    {
        using var client = HttpProbe.CreateClient();

        var result = await new HttpProbe(client).ProbeAsync(new Uri($"http://127.0.0.1:{FreePort.Get()}/"),
            TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.False(result.Healthy);
        Assert.Contains("refused", result.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ProbeAsync_ServerNeverAnswers_FailsAfterTheTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = HttpProbe.CreateClient();

        var result = await new HttpProbe(client).ProbeAsync(Uri(listener, "/"), TimeSpan.FromMilliseconds(300), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(result.Healthy);
        Assert.Equal("no response within 0.3s", result.Detail);
    }

    private static Uri Uri(TcpListener listener, string path) =>
        new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}{path}");

    private static async Task<string> AnswerOnceAsync(TcpListener listener, string response)
    {
        using var socket = await listener.AcceptSocketAsync();
        var buffer = new byte[4096];
        var request = new StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0)
            {
                break;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes(response));
        socket.Shutdown(SocketShutdown.Both);
        return request.ToString();
    }
}
