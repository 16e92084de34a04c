using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Nimbus.Edge.Dns;

namespace Nimbus.Edge.Tests.Dns;

/// <summary>A minimal DNS client over real sockets, every wait bounded.</summary>
internal static class DnsTestClient
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<DnsMessage> QueryUdpAsync(IPEndPoint server, DnsMessage query)
    {
        byte[] raw = await ExchangeUdpAsync(server, query.ToArray());
        Assert.Equal(DnsParseError.None, DnsMessage.TryParse(raw, out DnsMessage? message));
        Assert.Equal(query.Id, message!.Id);
        return message;
    }

    public static async Task<byte[]> ExchangeUdpAsync(IPEndPoint server, byte[] query)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server);
        await socket.SendAsync(query, SocketFlags.None);
        byte[] buffer = new byte[65536];
        using var cts = new CancellationTokenSource(Timeout);
        int length = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return buffer[..length];
    }

    public static async Task<DnsMessage> QueryTcpAsync(IPEndPoint server, DnsMessage query)
    {
        using var socket = await ConnectTcpAsync(server);
        return await QueryTcpAsync(socket, query);
    }

    public static async Task<Socket> ConnectTcpAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(Timeout);
        await socket.ConnectAsync(server, cts.Token);
        return socket;
    }

    public static async Task<DnsMessage> QueryTcpAsync(Socket socket, DnsMessage query)
    {
        byte[] body = query.ToArray();
        byte[] framed = new byte[body.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)body.Length);
        body.CopyTo(framed, 2);
        using var cts = new CancellationTokenSource(Timeout);
        await socket.SendAsync(framed, SocketFlags.None, cts.Token);
        byte[] raw = await ReadFramedAsync(socket, cts.Token) ?? throw new InvalidOperationException("The server closed the connection.");
        Assert.Equal(DnsParseError.None, DnsMessage.TryParse(raw, out DnsMessage? message));
        Assert.Equal(query.Id, message!.Id);
        return message;
    }

    /// <summary>Reads one length-prefixed message; null when the server closed the connection.</summary>
    public static async Task<byte[]?> ReadFramedAsync(Socket socket, CancellationToken cancellationToken)
    {
        byte[] length = new byte[2];
        if (!await ReadExactlyAsync(socket, length, cancellationToken))
        {
            return null;
        }

        byte[] body = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
        return await ReadExactlyAsync(socket, body, cancellationToken) ? body : null;
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
