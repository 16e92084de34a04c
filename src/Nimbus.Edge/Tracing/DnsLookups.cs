using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nimbus.Edge.Tracing;

/// <summary>Recent answers of the edge's DNS server for app names, by client address and name, so a request's trace
/// can show the lookup that led to it: an HTTP request for host H from client C is joined to the newest lookup of H by
/// C within <see cref="Window"/>. DNS carries no trace context, so this is a match, not a proof (a resolver between the
/// client and Nimbus makes the resolver the client). A lookup joins one request: the first that follows it. A fixed
/// table, overwritten; no allocation on either path.</summary>
internal sealed class DnsLookups
{
    /// <summary>How old a lookup may be and still be joined to a request (the records' TTL is 5 s).</summary>
    public static readonly long Window = Stopwatch.Frequency * 10;

    private const int Size = 1024;
    private readonly Slot[] _slots = CreateSlots();
    private int _recorded;

    /// <summary>A lookup as a request's trace shows it.</summary>
    public readonly record struct Lookup(long Start, long End, ushort Type);

    public void Record(ulong client, ReadOnlySpan<char> name, ushort type, long start, long end)
    {
        var nameKey = NameKey(name);
        var slot = _slots[(int)((client ^ nameKey) % Size)];
        if (Interlocked.CompareExchange(ref slot.Writing, 1, 0) != 0)
        {
            return; // Another DNS thread is writing this slot: one lookup fewer remembered.
        }
        Interlocked.Increment(ref slot.Version);
        slot.Client = client;
        slot.Name = nameKey;
        slot.Type = type;
        slot.Start = start;
        slot.End = end;
        slot.Joined = 0;
        Volatile.Write(ref slot.Version, slot.Version + 1);
        Volatile.Write(ref slot.Writing, 0);
        Volatile.Write(ref _recorded, 1);
    }

    /// <summary>The lookup of <paramref name="host"/> (a Host header: case and port do not matter) by this client
    /// that a request starting at <paramref name="now"/> may have followed.</summary>
    public bool TryFind(ulong client, ReadOnlySpan<char> host, long now, out Lookup lookup)
    {
        lookup = default;
        return Volatile.Read(ref _recorded) != 0 && TryFind(client, NameKey(HostName(host)), now, out lookup);
    }

    /// <inheritdoc cref="TryFind(ulong, ReadOnlySpan{char}, long, out Lookup)"/>
    public bool TryFind(ulong client, ReadOnlySpan<byte> host, long now, out Lookup lookup)
    {
        lookup = default;
        return Volatile.Read(ref _recorded) != 0 && TryFind(client, NameKey(HostName(host)), now, out lookup);
    }

    private bool TryFind(ulong client, ulong nameKey, long now, out Lookup lookup)
    {
        lookup = default;
        if (Volatile.Read(ref _recorded) == 0 || client == 0)
        {
            return false;
        }
        var slot = _slots[(int)((client ^ nameKey) % Size)];
        var before = Volatile.Read(ref slot.Version);
        if ((before & 1) != 0 || slot.Client != client || slot.Name != nameKey)
        {
            return false;
        }
        lookup = new Lookup(slot.Start, slot.End, slot.Type);
        Interlocked.MemoryBarrier();
        // The lookup belongs to the first request that follows it, not to every request of the connection after it.
        return Volatile.Read(ref slot.Version) == before && lookup.End <= now && now - lookup.End <= Window &&
            Interlocked.CompareExchange(ref slot.Joined, 1, 0) == 0;
    }

    /// <summary>A client address as a key (IPv4-mapped IPv6 as IPv4); 0 when there is none.</summary>
    public static ulong ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return 0;
        }
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return 0;
        }
        // ::ffff:a.b.c.d is the IPv4 client on a dual-mode socket.
        return address.IsIPv4MappedToIPv6 ? Hash(bytes[12..16]) : Hash(bytes[..written]);
    }

    /// <summary>The key of a client's socket address as a UDP receive fills it.</summary>
    public static ulong ClientKey(SocketAddress address)
    {
        var buffer = address.Buffer.Span;
        if (address.Family == AddressFamily.InterNetwork && address.Size >= 8)
        {
            return Hash(buffer.Slice(4, 4));
        }
        if (address.Family == AddressFamily.InterNetworkV6 && address.Size >= 24)
        {
            var ip = buffer.Slice(8, 16);
            // ::ffff:a.b.c.d is the IPv4 client on a dual-mode socket.
            return ip[..10].IndexOfAnyExcept((byte)0) < 0 && ip[10] == 0xff && ip[11] == 0xff ? Hash(ip[12..]) : Hash(ip);
        }
        return 0;
    }

    private static ulong NameKey(ReadOnlySpan<char> name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name.TrimEnd('.'))
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 1099511628211UL;
        }
        return hash;
    }

    private static ulong NameKey(ReadOnlySpan<byte> name)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in name.TrimEnd((byte)'.'))
        {
            hash = (hash ^ (uint)(b is >= (byte)'A' and <= (byte)'Z' ? b | 0x20 : b)) * 1099511628211UL;
        }
        return hash;
    }

    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash == 0 ? 1 : hash;
    }

    /// <summary>The name in a Host header: without the port, and without the brackets of an IPv6 literal.</summary>
    private static ReadOnlySpan<char> HostName(ReadOnlySpan<char> host)
    {
        var colon = host.LastIndexOf(':');
        return colon >= 0 && host.IndexOf(']') < colon ? host[..colon] : host;
    }

    private static ReadOnlySpan<byte> HostName(ReadOnlySpan<byte> host)
    {
        var colon = host.LastIndexOf((byte)':');
        return colon >= 0 && host.IndexOf((byte)']') < colon ? host[..colon] : host;
    }

    private static Slot[] CreateSlots()
    {
        var slots = new Slot[Size];
        for (var i = 0; i < Size; i++)
        {
            slots[i] = new Slot();
        }
        return slots;
    }

    private sealed class Slot
    {
        public long Version;
        public int Writing;
        public ulong Client;
        public ulong Name;
        public ushort Type;
        public long Start;
        public long End;
        /// <summary>1 once a request took the lookup.</summary>
        public int Joined;
    }
}
