using System.Runtime.InteropServices;

namespace Nimbus.Edge.Proxy.Polling;

/// <summary>
/// One epoll set and the thread that waits on it. Sockets are registered once, edge-triggered; each event bumps the
/// socket's readiness counters and wakes its waiting read or write, whose continuation runs right here on this thread
/// (the front's work between two socket waits is short and never blocks). Events name sockets by a slot index and a
/// generation, so an event that arrives for a socket already gone is dropped, never delivered to its slot's next user.
/// </summary>
internal sealed class Poller
{
    private const int MaxEvents = 256;
    private readonly int _epoll;
    private readonly Lock _lock = new();
    private readonly Stack<int> _free = new();
    private PolledSocket?[] _slots = new PolledSocket?[64];
    private uint[] _generations = new uint[64];
    private int _used;

    public Poller(string name)
    {
        _epoll = Epoll.Create();
        var thread = new Thread(Run) { IsBackground = true, Name = name };
        thread.UnsafeStart();
    }

    /// <summary>Registers <paramref name="socket"/>; false (and nothing registered) when the kernel refused it.</summary>
    public bool Register(PolledSocket socket, int fd)
    {
        int index;
        ulong token;
        lock (_lock)
        {
            if (!_free.TryPop(out index))
            {
                if (_used == _slots.Length)
                {
                    Array.Resize(ref _generations, _slots.Length * 2);
                    var larger = new PolledSocket?[_slots.Length * 2];
                    _slots.CopyTo(larger, 0);
                    Volatile.Write(ref _slots, larger);
                }
                index = _used++;
            }
            token = ((ulong)_generations[index] << 32) | (uint)index;
            socket.Token = token;
            Volatile.Write(ref _slots[index], socket);
        }
        if (Epoll.Add(_epoll, fd, token) != 0)
        {
            Release(token);
            return false;
        }
        return true;
    }

    /// <summary>Stops delivering events for <paramref name="socket"/> (its fd stays open: a socket handed to Kestrel).</summary>
    public void Unregister(PolledSocket socket, int fd)
    {
        Epoll.Remove(_epoll, fd);
        Release(socket.Token);
    }

    /// <summary>Frees the slot (a closed fd leaves the epoll set by itself).</summary>
    public void Release(ulong token)
    {
        var index = (int)(uint)token;
        lock (_lock)
        {
            if (_generations[index] != (uint)(token >> 32))
            {
                return;
            }
            _generations[index]++;
            Volatile.Write(ref _slots[index], null);
            _free.Push(index);
        }
    }

    private void Run()
    {
        var events = GC.AllocateArray<byte>(MaxEvents * Epoll.EventSize, pinned: true);
        while (true)
        {
            var n = Epoll.Wait(_epoll, events, -1);
            if (n < 0)
            {
                if (-n == Epoll.Interrupted)
                {
                    continue;
                }
                throw new System.ComponentModel.Win32Exception(-n, "epoll_wait failed");
            }
            LoopClock.Tick();
            var slots = Volatile.Read(ref _slots);
            for (var i = 0; i < n; i++)
            {
                var (flags, token) = Epoll.Read(events, i);
                var index = (int)(uint)token;
                // A stale event (its socket gone, the slot maybe reused) carries an old generation: the token differs.
                if (index < slots.Length && Volatile.Read(ref slots[index]) is { } socket && socket.Token == token)
                {
                    try
                    {
                        socket.Signal(flags);
                    }
                    catch (Exception ex)
                    {
                        // A continuation that threw past its own await (async methods keep their exceptions): this thread
                        // serves every other socket on it, so it carries on.
                        System.Diagnostics.Trace.TraceError($"edge poller: a socket's continuation failed: {ex}");
                    }
                }
            }
        }
    }

    /// <summary>The process's pollers (one per core), or none where epoll is not available.</summary>
    public static Poller[] Shared => SharedPollers.Value;

    private static readonly Lazy<Poller[]> SharedPollers = new(CreateShared);

    private static Poller[] CreateShared()
    {
        if (!Epoll.IsSupported)
        {
            return [];
        }
        try
        {
            return [.. Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(i => new Poller($"edge poller {i}"))];
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            // Out of file descriptors, say: the front runs on .NET's socket engine instead (never a dead accept loop).
            System.Diagnostics.Trace.TraceError($"edge pollers: {ex.Message}; using .NET's socket engine");
            return [];
        }
    }

    private static int _next;

    /// <summary>A poller for a new connection (round robin), or null where epoll is not available.</summary>
    public static Poller? Next()
    {
        var pollers = Shared;
        return pollers.Length == 0 ? null : pollers[(int)((uint)Interlocked.Increment(ref _next) % (uint)pollers.Length)];
    }
}
