using System.Runtime.InteropServices;

namespace Nimbus.Edge.Proxy.Polling;

/// <summary>Linux epoll, called directly (the front tracks readiness itself, as nginx does). The kernel's
/// <c>struct epoll_event</c> is packed on x86-64 (12 bytes: events at 0, data at 4) and naturally aligned on arm64
/// (16 bytes: data at 8); other architectures use .NET's own socket engine instead.</summary>
internal static partial class Epoll
{
    public const uint In = 0x001;
    public const uint Out = 0x004;
    public const uint Err = 0x008;
    public const uint Hup = 0x010;
    public const uint RdHup = 0x2000;
    public const uint EdgeTriggered = 1u << 31;

    private const int CtlAdd = 1;
    private const int CtlDel = 2;
    private const int CloExec = 0x80000;
    /// <summary>errno EINTR: a signal interrupted the wait.</summary>
    public const int Interrupted = 4;

    public static readonly bool IsSupported = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Bytes per event in the kernel's layout.</summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    public static int Create()
    {
        var fd = epoll_create1(CloExec);
        return fd >= 0 ? fd : throw new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1 failed");
    }

    /// <summary>Adds <paramref name="fd"/>, edge-triggered for reading, writing and hang-ups, with <paramref name="token"/>.</summary>
    public static int Add(int epoll, int fd, ulong token)
    {
        Span<byte> ev = stackalloc byte[16];
        ev.Clear();
        Write(ev, In | Out | RdHup | EdgeTriggered, token);
        return epoll_ctl(epoll, CtlAdd, fd, ref MemoryMarshal.GetReference(ev)) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    public static void Remove(int epoll, int fd)
    {
        Span<byte> ev = stackalloc byte[16];
        ev.Clear();
        _ = epoll_ctl(epoll, CtlDel, fd, ref MemoryMarshal.GetReference(ev));
    }

    /// <summary>Waits for events into <paramref name="events"/> (a pinned buffer of <see cref="EventSize"/>-byte
    /// entries); the count, or -errno.</summary>
    public static int Wait(int epoll, byte[] events, int timeoutMs)
    {
        var n = epoll_wait(epoll, ref MemoryMarshal.GetArrayDataReference(events), events.Length / EventSize, timeoutMs);
        return n >= 0 ? n : -Marshal.GetLastPInvokeError();
    }

    public static (uint Events, ulong Token) Read(ReadOnlySpan<byte> events, int index)
    {
        var entry = events.Slice(index * EventSize, EventSize);
        return (MemoryMarshal.Read<uint>(entry), MemoryMarshal.Read<ulong>(entry[DataOffset..]));
    }

    private static void Write(Span<byte> entry, uint events, ulong token)
    {
        MemoryMarshal.Write(entry, events);
        MemoryMarshal.Write(entry[DataOffset..], token);
    }

    /// <summary>errno EAGAIN: nothing to read, or no room to write, on a non-blocking socket.</summary>
    public const int WouldBlock = 11;
    private const int NoSignal = 0x4000;

    /// <summary>recv(2) on a non-blocking socket: the count, or -errno.</summary>
    public static int Receive(int fd, Span<byte> buffer)
    {
        var n = recv(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length, 0);
        return n >= 0 ? (int)n : -Marshal.GetLastPInvokeError();
    }

    /// <summary>send(2) on a non-blocking socket (no SIGPIPE): the count, or -errno.</summary>
    public static int Send(int fd, ReadOnlySpan<byte> bytes)
    {
        var n = send(fd, ref MemoryMarshal.GetReference(bytes), bytes.Length, NoSignal);
        return n >= 0 ? (int)n : -Marshal.GetLastPInvokeError();
    }

    /// <summary>The socket error an errno stands for (the ones a connected TCP socket meets).</summary>
    public static System.Net.Sockets.SocketError ToSocketError(int errno) => errno switch
    {
        104 => System.Net.Sockets.SocketError.ConnectionReset,
        32 => System.Net.Sockets.SocketError.Shutdown,
        110 => System.Net.Sockets.SocketError.TimedOut,
        111 => System.Net.Sockets.SocketError.ConnectionRefused,
        107 => System.Net.Sockets.SocketError.NotConnected,
        103 => System.Net.Sockets.SocketError.ConnectionAborted,
        113 => System.Net.Sockets.SocketError.HostUnreachable,
        101 => System.Net.Sockets.SocketError.NetworkUnreachable,
        Interrupted => System.Net.Sockets.SocketError.Interrupted,
        _ => System.Net.Sockets.SocketError.SocketError,
    };

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint recv(int fd, ref byte buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint send(int fd, ref byte buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int epoll_ctl(int epoll, int op, int fd, ref byte ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int epoll_wait(int epoll, ref byte events, int maxEvents, int timeoutMs);
}
