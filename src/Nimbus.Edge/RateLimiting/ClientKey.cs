using System.Net;
using System.Net.Sockets;

namespace Nimbus.Edge.RateLimiting;

/// <summary>A client address as two integers: a value key, so looking up a known client allocates nothing and the
/// table holds no <see cref="IPAddress"/> objects. An IPv4-mapped IPv6 address is the same client as its IPv4 form.
/// An IPv6 client is its /64: one host or site routinely holds a whole /64 and could otherwise rotate through
/// addresses for a fresh bucket on every request.</summary>
internal readonly struct ClientKey : IEquatable<ClientKey>
{
    // Marks IPv4 keys so 0.0.0.1 and ::1 differ.
    private const ulong Ipv4Tag = 1UL << 63;

    private readonly ulong _high;
    private readonly ulong _low;

    private ClientKey(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    public static ClientKey From(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException("not an IP address", nameof(address));
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return new ClientKey(Ipv4Tag, ReadUInt32(bytes));
        }
        if (written == 16 && address.IsIPv4MappedToIPv6)
        {
            return new ClientKey(Ipv4Tag, ReadUInt32(bytes[12..]));
        }
        // The /64 prefix; the scope id (fe80::1%eth0) is not part of who the client is either.
        return new ClientKey(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes), 0);
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);

    public bool Equals(ClientKey other) => _high == other._high && _low == other._low;

    public override bool Equals(object? obj) => obj is ClientKey other && Equals(other);

    // HashCode is seeded per process: clients cannot pick addresses that all land in one bucket of the table.
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    public static bool operator ==(ClientKey left, ClientKey right) => left.Equals(right);

    public static bool operator !=(ClientKey left, ClientKey right) => !left.Equals(right);
}
