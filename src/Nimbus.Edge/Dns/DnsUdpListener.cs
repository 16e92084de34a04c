using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Dns;

/// <summary>
/// Serves DNS over UDP: a few receive loops on one socket, each on its own thread with its own buffers,
/// answering synchronously (no allocation, no thread hand-off per query). Relays to the upstream run off
/// the loops so a slow upstream never holds up local answers.
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

    /// <summary>
    /// Runs <paramref name="loops"/> receive loops, each on a thread of its own doing blocking receives and sends:
    /// a query is read, answered and sent back on one thread with two system calls and no hand-off, which is what
    /// keeps up with dnsmasq. The kernel wakes one waiting thread per datagram. Completes when every loop ended.
    /// </summary>
    public Task RunAsync(int loops)
    {
        var tasks = new Task[loops];
        for (int i = 0; i < loops; i++)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    while (!_stopping.IsCancellationRequested)
                    {
                        try
                        {
                            ReceiveLoop();
                        }
                        catch (Exception e)
                        {
                            // Never let one surprise take UDP DNS down (or, on a thread of its own, the process); one
                            // that keeps coming is logged once a second, not in a tight loop.
                            LogHandlerFailed(e);
                            _stopping.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
                        }
                    }
                }
                finally
                {
                    done.SetResult();
                }
            })
            {
                IsBackground = true,
                Name = $"dns-udp-{i}",
            };
            thread.Start();
            tasks[i] = done.Task;
        }

        return Task.WhenAll(tasks);
    }

    private void ReceiveLoop()
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
                length = _socket.ReceiveFrom(request, SocketFlags.None, client);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                // The receive timeout only lets the loop look at the stop signal.
                continue;
            }
            catch (SocketException e)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                // ICMP errors from earlier sends surface here on some stacks; they concern one client, not us.
                LogReceiveFailed(e.SocketErrorCode);
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            DnsHandleResult result;
            try
            {
                result = _handler.Handle(request.AsSpan(0, length), response, overTcp: false, Tracing.DnsLookups.ClientKey(client));
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
                Send(response.AsSpan(0, result.Length), client);
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
            Send(error.AsSpan(0, length), client);
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
                // The socket is in blocking mode (the receive loops): send from the thread pool, never from the socket
                // engine's thread the upstream's answer may have completed on (an edge process runs completions inline).
                await Task.Yield();
                Send(response.AsSpan(0, length), client);
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

    /// <summary>A UDP send does not wait for the peer: the datagram goes to the socket buffer or is dropped.</summary>
    private void Send(ReadOnlySpan<byte> datagram, SocketAddress client)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, client);
        }
        catch (SocketException e)
        {
            LogSendFailed(e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
