using System.Net;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Dns;

/// <summary>
/// Serves DNS over TCP (RFC 1035 4.2.2, RFC 7766): two-byte length framing, any number of queries per
/// connection answered in order, one task per connection so a slow or half-open client only holds its
/// own connection, which the idle timeout then closes. Connections beyond the bound are closed at once.
/// </summary>
internal sealed partial class DnsTcpListener
{
    private readonly Socket _listener;
    private readonly DnsQueryHandler _handler;
    private readonly DnsForwarder? _forwarder;
    private readonly TimeSpan _idleTimeout;
    private readonly int _maxConnections;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private long _nextConnectionId;

    public DnsTcpListener(Socket listener, DnsQueryHandler handler, DnsForwarder? forwarder, TimeSpan idleTimeout, int maxConnections, ILogger logger, CancellationToken stopping)
    {
        _listener = listener;
        _handler = handler;
        _forwarder = forwarder;
        _idleTimeout = idleTimeout;
        _maxConnections = maxConnections;
        _logger = logger;
        _stopping = stopping;
    }

    /// <summary>Connections open right now.</summary>
    public int ConnectionCount => _connections.Count;

    public async Task RunAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping);
            }
            catch (SocketException e)
            {
                LogAcceptFailed(e.SocketErrorCode);
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }

            if (_connections.Count >= _maxConnections)
            {
                LogTooManyConnections(_maxConnections);
                socket.Dispose();
                continue;
            }

            long id = Interlocked.Increment(ref _nextConnectionId);
            var connection = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[id] = connection.Task;
            _ = ServeAsync(socket, id, connection);
        }

        // Stopping cancels every connection's reads and writes; wait for them to let go of their sockets.
        await Task.WhenAll(_connections.Values);
    }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes; false when the peer closes first.</summary>
    public static async ValueTask<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
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

    private async Task ServeAsync(Socket socket, long id, TaskCompletionSource done)
    {
        byte[] request = ArrayPool<byte>.Shared.Rent(DnsConstants.MaxTcpMessageLength);
        byte[] response = ArrayPool<byte>.Shared.Rent(DnsConstants.MaxTcpMessageLength + 2);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        try
        {
            var client = Tracing.DnsLookups.ClientKey((socket.RemoteEndPoint as IPEndPoint)?.Address);
            socket.NoDelay = true;
            while (true)
            {
                // The deadline covers reading a whole query and writing its answer, so a client that
                // trickles bytes or stops reading is cut off as surely as an idle one.
                deadline.CancelAfter(_idleTimeout);
                if (!await ReceiveExactlyAsync(socket, request.AsMemory(0, 2), deadline.Token))
                {
                    break;
                }

                int length = BinaryPrimitives.ReadUInt16BigEndian(request);
                if (length == 0 || !await ReceiveExactlyAsync(socket, request.AsMemory(0, length), deadline.Token))
                {
                    break;
                }

                int answer = await AnswerAsync(request.AsMemory(0, length), response, client);
                if (answer == 0)
                {
                    continue;
                }

                BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)answer);
                int sent = 0;
                while (sent < answer + 2)
                {
                    sent += await socket.SendAsync(response.AsMemory(sent, answer + 2 - sent), SocketFlags.None, deadline.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Idle timeout, reset by the peer, or stopping: the connection simply ends.
        }
        catch (Exception e)
        {
            LogHandlerFailed(e);
        }
        finally
        {
            socket.Dispose();
            ArrayPool<byte>.Shared.Return(request);
            ArrayPool<byte>.Shared.Return(response);
            _connections.TryRemove(id, out _);
            done.SetResult();
        }
    }

    /// <summary>Writes the answer after the two length bytes of <paramref name="response"/>; 0 means send nothing.</summary>
    private async ValueTask<int> AnswerAsync(ReadOnlyMemory<byte> query, byte[] response, ulong client)
    {
        Memory<byte> body = response.AsMemory(2, DnsConstants.MaxTcpMessageLength);
        DnsHandleResult result = _handler.Handle(query.Span, body.Span, overTcp: true, client);
        if (result.Action != DnsAction.Forward)
        {
            return result.Action == DnsAction.Respond ? result.Length : 0;
        }

        int length = await _forwarder!.ForwardAsync(query, body, overTcp: true, _stopping);
        return length > 0 ? length : DnsQueryHandler.WriteError(query.Span, body.Span, result.ResponseLimit, DnsResponseCode.ServerFailure, truncated: false);
    }
}
