using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Dns;

/// <summary>
/// Serves DNS over UDP: a few receive loops on one socket, each with its own buffers, answering
/// synchronously (no allocation per query). Relays to the upstream run off the loop so a slow
/// upstream never holds up local answers.
/// </summary>
internal sealed partial class DnsUdpListener
{
    private readonly Socket _socket;
    private readonly DnsQueryHandler _handler;
    private readonly DnsForwarder? _forwarder;
    private readonly int _maxForwards;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private int _forwards;

    public DnsUdpListener(Socket socket, DnsQueryHandler handler, DnsForwarder? forwarder, int maxForwards, ILogger logger, CancellationToken stopping)
    {
        _socket = socket;
        _handler = handler;
        _forwarder = forwarder;
        _maxForwards = maxForwards;
        _logger = logger;
        _stopping = stopping;
    }

    public Task RunAsync(int loops)
    {
        var tasks = new Task[loops];
        for (int i = 0; i < loops; i++)
        {
            tasks[i] = Task.Run(ReceiveLoopAsync);
        }

        return Task.WhenAll(tasks);
    }

    private async Task ReceiveLoopAsync()
    {
        // A whole datagram must fit, or the kernel cuts it and we would read a different packet than was sent.
        byte[] request = new byte[ushort.MaxValue + 1];
        byte[] response = new byte[DnsConstants.OurUdpPayloadSize];
        var client = new SocketAddress(_socket.AddressFamily);
        while (!_stopping.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(request, SocketFlags.None, client, _stopping);
            }
            catch (SocketException e)
            {
                // ICMP errors from earlier sends surface here on some stacks; they concern one client, not us.
                LogReceiveFailed(e.SocketErrorCode);
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            DnsHandleResult result;
            try
            {
                result = _handler.Handle(request.AsSpan(0, length), response, overTcp: false);
            }
            catch (Exception e)
            {
                LogHandlerFailed(e);
                continue;
            }

            if (result.Action == DnsAction.Forward)
            {
                StartForward(request.AsSpan(0, length), client, result.ResponseLimit);
            }
            else if (result.Action == DnsAction.Respond)
            {
                await SendAsync(response.AsMemory(0, result.Length), client);
            }
        }
    }

    private void StartForward(ReadOnlySpan<byte> query, SocketAddress client, int limit)
    {
        if (Interlocked.Increment(ref _forwards) > _maxForwards)
        {
            Interlocked.Decrement(ref _forwards);
            byte[] error = new byte[DnsConstants.ClassicUdpSize];
            int length = DnsQueryHandler.WriteError(query, error, limit, DnsResponseCode.ServerFailure, truncated: false);
            _ = SendAsync(error.AsMemory(0, length), client).AsTask();
            return;
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(query.Length);
        query.CopyTo(copy);
        var clientCopy = new SocketAddress(client.Family, client.Size);
        client.Buffer.CopyTo(clientCopy.Buffer);
        _ = ForwardAsync(copy, query.Length, clientCopy, limit);
    }

    private async Task ForwardAsync(byte[] query, int queryLength, SocketAddress client, int limit)
    {
        byte[] response = ArrayPool<byte>.Shared.Rent(DnsConstants.MaxTcpMessageLength);
        try
        {
            int length = await _forwarder!.ForwardAsync(query.AsMemory(0, queryLength), response.AsMemory(0, DnsConstants.MaxTcpMessageLength), overTcp: false, _stopping);
            if (length == 0 || length > limit)
            {
                // Failed → SERVFAIL; larger than the client takes → TC, and the client retries over TCP.
                length = DnsQueryHandler.WriteError(
                    query.AsSpan(0, queryLength), response, limit, length == 0 ? DnsResponseCode.ServerFailure : DnsResponseCode.NoError, truncated: length > 0);
            }

            if (length > 0)
            {
                await SendAsync(response.AsMemory(0, length), client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            LogHandlerFailed(e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(query);
            ArrayPool<byte>.Shared.Return(response);
            Interlocked.Decrement(ref _forwards);
        }
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, SocketAddress client)
    {
        try
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, client, _stopping);
        }
        catch (SocketException e)
        {
            LogSendFailed(e.SocketErrorCode);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
