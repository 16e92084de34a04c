using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Edge.Dns;

namespace Nimbus.Edge.Tests.Dns;

public sealed class DnsServerTests : IAsyncLifetime
{
    private readonly DnsZoneHolder _zone = new(DnsTestZone.Create());
    private DnsServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await DnsServer.StartAsync(
            new DnsServerOptions { TcpIdleTimeout = TimeSpan.FromSeconds(1), MaxTcpConnections = 8 },
            _zone,
            NullLogger.Instance,
            CancellationToken.None);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Start_PortZero_ListensOnTheSamePortForUdpAndTcp()
    {
        Assert.NotEqual(0, _server.LocalEndPoint.Port);
        DnsMessage udp = await DnsTestClient.QueryUdpAsync(_server.LocalEndPoint, DnsMessage.Query(1, "hello.nimbus.internal", DnsRecordType.A));
        DnsMessage tcp = await DnsTestClient.QueryTcpAsync(_server.LocalEndPoint, DnsMessage.Query(2, "hello.nimbus.internal", DnsRecordType.A));
        Assert.Equal(2, udp.Answers.Count);
        Assert.Equal(2, tcp.Answers.Count);
    }

    [Fact]
    public async Task Tcp_SeveralQueriesOnOneConnection_AllAnswered()
    {
        using Socket socket = await DnsTestClient.ConnectTcpAsync(_server.LocalEndPoint);
        for (ushort id = 1; id <= 5; id++)
        {
            DnsMessage answer = await DnsTestClient.QueryTcpAsync(socket, DnsMessage.Query(id, "_http._tcp.hello.nimbus.internal", DnsRecordType.SRV));
            Assert.Equal(2, answer.Answers.Count);
        }
    }

    [Fact]
    public async Task Udp_LargeAnswer_TruncatedThenCompleteOverTcp()
    {
        DnsMessage udp = await DnsTestClient.QueryUdpAsync(_server.LocalEndPoint, DnsMessage.Query(3, "_http._tcp.big.nimbus.internal", DnsRecordType.SRV));
        Assert.True(udp.IsTruncated);
        Assert.True(udp.Answers.Count < DnsTestZone.BigAppInstances);

        DnsMessage tcp = await DnsTestClient.QueryTcpAsync(_server.LocalEndPoint, DnsMessage.Query(3, "_http._tcp.big.nimbus.internal", DnsRecordType.SRV));
        Assert.False(tcp.IsTruncated);
        Assert.Equal(DnsTestZone.BigAppInstances, tcp.Answers.Count);
    }

    [Fact]
    public async Task Udp_ZoneSwapped_NextQuerySeesIt()
    {
        _zone.Swap(DnsTestZone.Create(helloInstances: 5));
        DnsMessage answer = await DnsTestClient.QueryUdpAsync(_server.LocalEndPoint, DnsMessage.Query(4, "_http._tcp.hello.nimbus.internal", DnsRecordType.SRV));
        Assert.Equal(5, answer.Answers.Count);
    }

    [Fact]
    public async Task Tcp_HalfOpenClient_DoesNotStallOthersAndIsClosedWhenIdle()
    {
        // Sends half a length prefix and then nothing.
        using Socket stalled = await DnsTestClient.ConnectTcpAsync(_server.LocalEndPoint);
        await stalled.SendAsync(new byte[] { 0 }, SocketFlags.None);
        using Socket trickle = await DnsTestClient.ConnectTcpAsync(_server.LocalEndPoint);
        await trickle.SendAsync(new byte[] { 0, 40, 1, 2, 3 }, SocketFlags.None);

        DnsMessage udp = await DnsTestClient.QueryUdpAsync(_server.LocalEndPoint, DnsMessage.Query(5, "hello.nimbus.internal", DnsRecordType.A));
        DnsMessage tcp = await DnsTestClient.QueryTcpAsync(_server.LocalEndPoint, DnsMessage.Query(6, "hello.nimbus.internal", DnsRecordType.A));
        Assert.Equal(2, udp.Answers.Count);
        Assert.Equal(2, tcp.Answers.Count);

        // The idle timeout (1 s) closes both: the server's end reads as EOF.
        using var cts = new CancellationTokenSource(DnsTestClient.Timeout);
        Assert.Null(await DnsTestClient.ReadFramedAsync(stalled, cts.Token));
        Assert.Null(await DnsTestClient.ReadFramedAsync(trickle, cts.Token));
    }

    [Fact]
    public async Task Tcp_ConnectionsBeyondTheBound_AreClosedWhileExistingOnesWork()
    {
        var sockets = new List<Socket>();
        try
        {
            for (int i = 0; i < 8; i++)
            {
                Socket socket = await DnsTestClient.ConnectTcpAsync(_server.LocalEndPoint);
                sockets.Add(socket);
                await DnsTestClient.QueryTcpAsync(socket, DnsMessage.Query((ushort)i, "hello.nimbus.internal", DnsRecordType.A));
            }

            using Socket extra = await DnsTestClient.ConnectTcpAsync(_server.LocalEndPoint);
            using var cts = new CancellationTokenSource(DnsTestClient.Timeout);
            Assert.Null(await DnsTestClient.ReadFramedAsync(extra, cts.Token));

            DnsMessage answer = await DnsTestClient.QueryTcpAsync(sockets[0], DnsMessage.Query(99, "hello.nimbus.internal", DnsRecordType.A));
            Assert.Equal(2, answer.Answers.Count);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Query_OutsideZones_ForwardedToUpstreamAndRelayed()
    {
        var upstreamZone = new DnsZoneHolder(DnsTestZone.Create(domain: "upstream.test"));
        await using DnsServer upstream = await DnsServer.StartAsync(new DnsServerOptions(), upstreamZone, NullLogger.Instance, CancellationToken.None);
        await using DnsServer server = await DnsServer.StartAsync(
            new DnsServerOptions { Upstream = upstream.LocalEndPoint }, _zone, NullLogger.Instance, CancellationToken.None);

        DnsMessage udp = await DnsTestClient.QueryUdpAsync(server.LocalEndPoint, DnsMessage.Query(7, "hello.upstream.test", DnsRecordType.A));
        Assert.Equal(DnsResponseCode.NoError, udp.ResponseCode);
        Assert.Equal(2, udp.Answers.Count);

        // Too big for UDP at the upstream too: over TCP the forwarder retries the upstream over TCP.
        DnsMessage tcp = await DnsTestClient.QueryTcpAsync(server.LocalEndPoint, DnsMessage.Query(8, "_http._tcp.big.upstream.test", DnsRecordType.SRV));
        Assert.False(tcp.IsTruncated);
        Assert.Equal(DnsTestZone.BigAppInstances, tcp.Answers.Count);

        DnsMessage local = await DnsTestClient.QueryUdpAsync(server.LocalEndPoint, DnsMessage.Query(9, "hello.nimbus.internal", DnsRecordType.A));
        Assert.True(local.IsAuthoritative);
    }

    [Fact]
    public async Task Query_UpstreamSilent_ServFailAfterTimeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using DnsServer server = await DnsServer.StartAsync(
            new DnsServerOptions { Upstream = (IPEndPoint)silent.LocalEndPoint!, UpstreamTimeout = TimeSpan.FromMilliseconds(300) },
            _zone,
            NullLogger.Instance,
            CancellationToken.None);

        DnsMessage answer = await DnsTestClient.QueryUdpAsync(server.LocalEndPoint, DnsMessage.Query(10, "example.com", DnsRecordType.A));
        Assert.Equal(DnsResponseCode.ServerFailure, answer.ResponseCode);
        Assert.Equal("example.com", answer.Questions[0].Name);
    }

    [Fact]
    public async Task Start_PortTaken_Throws()
    {
        var options = new DnsServerOptions { Port = _server.LocalEndPoint.Port };
        await Assert.ThrowsAsync<SocketException>(() => DnsServer.StartAsync(options, _zone, NullLogger.Instance, CancellationToken.None));
    }

    [Fact]
    public async Task Dispose_ClosesOpenTcpConnections()
    {
        await using DnsServer server = await DnsServer.StartAsync(new DnsServerOptions(), _zone, NullLogger.Instance, CancellationToken.None);
        using Socket client = await DnsTestClient.ConnectTcpAsync(server.LocalEndPoint);
        await DnsTestClient.QueryTcpAsync(client, DnsMessage.Query(11, "hello.nimbus.internal", DnsRecordType.A));

        await server.DisposeAsync().AsTask().WaitAsync(DnsTestClient.Timeout);

        using var cts = new CancellationTokenSource(DnsTestClient.Timeout);
        Assert.Null(await DnsTestClient.ReadFramedAsync(client, cts.Token));
    }
}
