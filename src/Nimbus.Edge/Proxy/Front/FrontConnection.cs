using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Nimbus.Edge.Proxy.Async;
using Nimbus.Edge.Proxy.Polling;
using Nimbus.Edge.Proxy.Upstream;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tracing;

namespace Nimbus.Edge.Proxy.Front;

/// <summary>One client connection on the front: reads request heads straight from the socket, forwards the plain ones
/// over the instance pools itself — bytes in, bytes out, no per-request objects — and hands the connection to Kestrel
/// (with the bytes it has read) the first time a request needs more (cache, redirect, rate limit, upgrade, an unknown
/// host, anything unusual). Everything is async on the socket; nothing blocks.</summary>
internal sealed partial class FrontConnection : IHangUpListener
{
    private const int BufferSize = 16 * 1024;

    private readonly PolledSocket _io;
    /// <summary>The poller the client socket is on; the instance connections this connection uses join it.</summary>
    private readonly Poller? _poller;
    private readonly FrontListener _listener;
    private readonly byte[] _client;
    /// <summary>The client's address as the DNS lookups know it (a request's trace shows the lookup it followed).</summary>
    private readonly ulong _clientKey;
    /// <summary>The journey of the request being served, reused for each (null when tracing is off).</summary>
    private readonly RequestTimeline? _timeline;
    private readonly byte[] _in;
    private byte[] _out;
    private byte[] _up;
    private readonly HeaderRange[] _requestRanges;
    private readonly HeaderRange[] _responseRanges;
    private readonly byte[] _requestId = new byte[RequestIds.MaxLength];
    private int _inStart;
    private int _inEnd;
    private int _state;
    private long _stateSince;
    /// <summary>The instance connection a response head is awaited on (its deadline lives on it).</summary>
    private UpstreamConnection? _awaiting;
    /// <summary>The instance connection of the exchange in progress (closed if the client goes away meanwhile).</summary>
    private UpstreamConnection? _exchange;
    /// <summary>The client closed its side or its connection failed: what is in progress for it ends, as ClientGone.</summary>
    private volatile bool _clientGone;
    /// <summary>When the client must have made progress by (Stopwatch ticks; 0 none): reading a request body, or taking
    /// the response. Past it the sweep closes the client's connection.</summary>
    private long _clientDeadline;

    public FrontConnection(Socket socket, FrontListener listener)
    {
        _poller = Poller.Next();
        _io = PolledSocket.Attach(socket, _poller);
        _io.HangUp = this;
        _listener = listener;
        _client = ClientAddress(socket);
        _clientKey = DnsLookups.ClientKey((socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address);
        _timeline = listener.Tracer.NewTimeline();
        _in = ArrayPool<byte>.Shared.Rent(BufferSize);
        _out = ArrayPool<byte>.Shared.Rent(BufferSize);
        _up = ArrayPool<byte>.Shared.Rent(BufferSize);
        _requestRanges = ArrayPool<HeaderRange>.Shared.Rent(FrontRequestParser.MaxHeaders);
        _responseRanges = ArrayPool<HeaderRange>.Shared.Rent(ResponseHeadParser.MaxHeaders);
        _stateSince = Stopwatch.GetTimestamp();
    }

    /// <summary>Waiting for the first byte of a request (Idle), reading its head (Head), or serving it (Busy).</summary>
    public FrontState State => (FrontState)Volatile.Read(ref _state);

    public long StateSince => Volatile.Read(ref _stateSince);

    /// <summary>Closes the connection if it is still in <paramref name="expected"/> (the sweeper and shutdown: an idle or
    /// slow connection goes; one being served finishes first).</summary>
    public bool CloseIf(FrontState expected)
    {
        if (Interlocked.CompareExchange(ref _state, (int)FrontState.Closed, (int)expected) != (int)expected)
        {
            return false;
        }
        _io.Dispose();
        return true;
    }

    /// <summary>The sweep: ends a response-head wait past the app's timeout (as a timeout), and a client that made no
    /// progress on its request body or on taking the response for <see cref="ClientProgressTimeout"/>.</summary>
    public void ExpireIfDue(long now)
    {
        Volatile.Read(ref _awaiting)?.ExpireIfDue(now);
        var client = Volatile.Read(ref _clientDeadline);
        if (client > 0 && now >= client)
        {
            _io.Dispose();
        }
    }

    /// <summary>The client went away (or half-closed, as nginx and Kestrel also take it): a request waiting on its
    /// instance, or a response being streamed (an idle SSE stream, say), ends now rather than at its next write.</summary>
    public void HungUp()
    {
        // Only while an exchange is in progress (else the end of stream is read after the request, and the connection
        // ends after its answer). A half-close counts as leaving — it cannot be told from a client that quit before
        // writing to it fails — as nginx takes it too (its "client prematurely closed connection", 499).
        if (Volatile.Read(ref _exchange) is { } exchange)
        {
            _clientGone = true;
            exchange.Close();
        }
    }

    public void Abort()
    {
        Volatile.Write(ref _state, (int)FrontState.Closed);
        _io.Dispose();
        Volatile.Read(ref _awaiting)?.Close();
    }

    public async Task RunAsync()
    {
        var handedOver = false;
        try
        {
            while (true)
            {
                // The next request head (read here, not in a method of its own: a wake-up resumes this one directly).
                if (!Enter(_inEnd > _inStart ? FrontState.Head : FrontState.Idle))
                {
                    return;
                }
                FrontParse kind;
                FrontRequest request;
                while ((kind = NextHead(out request)) == FrontParse.Incomplete)
                {
                    var n = await _io.ReceiveAsync(_in.AsMemory(_inEnd)).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return; // the client closed (or the edge closed an idle connection)
                    }
                    _inEnd += n;
                    if (State == FrontState.Idle && !Enter(FrontState.Head))
                    {
                        return;
                    }
                }
                if (!Enter(FrontState.Busy))
                {
                    return;
                }
                var route = kind == FrontParse.Plain ? Route(request) : null;
                if (route is null)
                {
                    _io.Detach();
                    _listener.HandOver(_io.Socket, _in.AsSpan(_inStart, _inEnd - _inStart));
                    handedOver = true;
                    return;
                }
                var traffic = route.Traffic;
                // When the poller woke up to the head's bytes (nginx's $request_time starts the same way): the request had
                // arrived by then, and what it waited for in the batch counts in its latency.
                var started = LoopClock.Now;
                traffic.Begin();
                var result = default(ForwardResult);
                try
                {
                    result = await ForwardAsync(route, request, started).ConfigureAwait(false);
                }
                finally
                {
                    var ended = Stopwatch.GetTimestamp();
                    traffic.End(result.Status, ended - started, result.BytesIn, result.BytesOut);
                    _listener.Tracer.End(_timeline, route, result.Status, result.BytesIn, result.BytesOut, ended);
                }
                if (!_keep)
                {
                    if (_unread > 0)
                    {
                        await LingerAsync().ConfigureAwait(false);
                    }
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            // The client went away, or the edge closed the connection (idle, shutdown): nothing to answer.
        }
        catch (Exception ex)
        {
            _listener.LogUnexpected(ex);
        }
        finally
        {
            if (!handedOver)
            {
                _io.Dispose();
            }
            Volatile.Write(ref _state, (int)FrontState.Closed);
            ArrayPool<byte>.Shared.Return(_in);
            ArrayPool<byte>.Shared.Return(_out);
            ArrayPool<byte>.Shared.Return(_up);
            ArrayPool<HeaderRange>.Shared.Return(_requestRanges);
            ArrayPool<HeaderRange>.Shared.Return(_responseRanges);
            _listener.Remove(this);
        }
    }

    /// <summary>Parses what has arrived: a request head, <see cref="FrontParse.Incomplete"/> when more must be read
    /// (room made for it), or <see cref="FrontParse.Other"/> for a head larger than the buffer (Kestrel reads the rest and
    /// answers 431 past its limit).</summary>
    private FrontParse NextHead(out FrontRequest request)
    {
        var kind = FrontRequestParser.Parse(_in.AsSpan(_inStart, _inEnd - _inStart), _requestRanges, out request);
        if (kind != FrontParse.Incomplete)
        {
            return kind;
        }
        if (_inEnd - _inStart == _in.Length)
        {
            request = default;
            return FrontParse.Other;
        }
        if (_inEnd == _in.Length)
        {
            Compact();
        }
        return FrontParse.Incomplete;
    }

    /// <summary>The app for a plain request, when the front serves it: no redirect to HTTPS, rate limit or cache, and not
    /// a wait for an app scaled to zero.</summary>
    private AppRoute? Route(in FrontRequest request)
    {
        Span<char> host = stackalloc char[request.HostLength];
        System.Text.Encoding.Latin1.GetChars(_in.AsSpan(_inStart + request.HostStart, request.HostLength), host);
        var route = _listener.Routes.Current.Find(HostHeader.HostOf(host));
        if (route is null)
        {
            return null;
        }
        var settings = route.Settings;
        return settings.Cache || settings.RateLimit is not null || (settings.HttpsRedirect && _listener.HttpsPort > 0) || route.WaitsForColdStart ? null : route;
    }

    /// <summary>Moves what is left of the input to the front of its buffer.</summary>
    private void Compact()
    {
        var left = _inEnd - _inStart;
        if (left > 0 && _inStart > 0)
        {
            _in.AsSpan(_inStart, left).CopyTo(_in);
        }
        _inStart = 0;
        _inEnd = left;
    }

    /// <summary>Moves to <paramref name="state"/> unless the connection was closed meanwhile.</summary>
    private bool Enter(FrontState state)
    {
        // The time first: a sweep that sees the new state never pairs it with the old state's time.
        Volatile.Write(ref _stateSince, LoopClock.Now);
        var current = Volatile.Read(ref _state);
        while (current != (int)FrontState.Closed)
        {
            var seen = Interlocked.CompareExchange(ref _state, (int)state, current);
            if (seen == current)
            {
                return true;
            }
            current = seen;
        }
        return false;
    }

    private static byte[] ClientAddress(Socket socket)
    {
        if (socket.RemoteEndPoint is not System.Net.IPEndPoint remote)
        {
            return "unknown"u8.ToArray();
        }
        var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        return System.Text.Encoding.ASCII.GetBytes(address.ToString());
    }
}
