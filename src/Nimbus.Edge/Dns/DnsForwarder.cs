using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Dns;

/// <summary>
/// Relays a query for a name outside our zones to the upstream resolver and returns its answer with
/// the client's ID. Each relay uses its own connected socket and a fresh random ID, so a stray or
/// spoofed datagram cannot be taken for the answer. Any failure or timeout returns 0 (the caller
/// answers SERVFAIL).
/// </summary>
internal sealed partial class DnsForwarder(IPEndPoint upstream, TimeSpan timeout, ILogger logger)
{
    public async ValueTask<int> ForwardAsync(ReadOnlyMemory<byte> query, Memory<byte> response, bool overTcp, CancellationToken cancellationToken)
    {
        if (query.Length < DnsConstants.HeaderLength)
        {
            return 0;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(query.Length + 2);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            ushort clientId = BinaryPrimitives.ReadUInt16BigEndian(query.Span);
            ushort upstreamId = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
            BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)query.Length);
            query.CopyTo(buffer.AsMemory(2));
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), upstreamId);
            Memory<byte> relayed = buffer.AsMemory(2, query.Length);

            int length = await ExchangeUdpAsync(relayed, response, upstreamId, deadline.Token);
            if (overTcp && length > 0 && (BinaryPrimitives.ReadUInt16BigEndian(response.Span[2..]) & DnsConstants.FlagTruncated) != 0)
            {
                length = await ExchangeTcpAsync(buffer.AsMemory(0, query.Length + 2), response, upstreamId, deadline.Token);
            }

            if (length > 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(response.Span, clientId);
            }

            return length;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogUpstreamTimeout(upstream, timeout);
            return 0;
        }
        catch (SocketException e)
        {
            LogUpstreamFailed(upstream, e.SocketErrorCode);
            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<int> ExchangeUdpAsync(ReadOnlyMemory<byte> query, Memory<byte> response, ushort id, CancellationToken cancellationToken)
    {
        using var socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(upstream, cancellationToken);
        await socket.SendAsync(query, SocketFlags.None, cancellationToken);
        while (true)
        {
            int length = await socket.ReceiveAsync(response, SocketFlags.None, cancellationToken);
            if (IsAnswerTo(response.Span[..length], id))
            {
                return length;
            }
        }
    }

    private async ValueTask<int> ExchangeTcpAsync(ReadOnlyMemory<byte> framedQuery, Memory<byte> response, ushort id, CancellationToken cancellationToken)
    {
        using var socket = new Socket(upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(upstream, cancellationToken);
        await socket.SendAsync(framedQuery, SocketFlags.None, cancellationToken);
        if (!await DnsTcpListener.ReceiveExactlyAsync(socket, response[..2], cancellationToken))
        {
            return 0;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(response.Span);
        if (length > response.Length || !await DnsTcpListener.ReceiveExactlyAsync(socket, response[..length], cancellationToken))
        {
            return 0;
        }

        return IsAnswerTo(response.Span[..length], id) ? length : 0;
    }

    private static bool IsAnswerTo(ReadOnlySpan<byte> packet, ushort id) =>
        packet.Length >= DnsConstants.HeaderLength
        && BinaryPrimitives.ReadUInt16BigEndian(packet) == id
        && (BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) & DnsConstants.FlagResponse) != 0;
}
