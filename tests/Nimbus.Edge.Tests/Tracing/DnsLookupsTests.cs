using System.Net;
using System.Net.Sockets;
using Nimbus.Edge.Tracing;

namespace Nimbus.Edge.Tests.Tracing;

public sealed class DnsLookupsTests
{
    [Fact]
    public void ALookup_IsFoundForTheSameClientAndHost_WhateverThePortCaseOrAddressForm()
    {
        var lookups = new DnsLookups();
        var udpClient = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 53000).Serialize();
        lookups.Record(DnsLookups.ClientKey(udpClient), "hello.nimbus.internal", 1, 100, 200);

        var client = DnsLookups.ClientKey(IPAddress.Parse("192.0.2.7"));
        Assert.True(lookups.TryFind(client, "Hello.Nimbus.Internal:8080", 300, out var lookup));
        Assert.Equal(new DnsLookups.Lookup(100, 200, 1), lookup);
        // It joined that request; the next one from the client (a keep-alive connection) did not look anything up.
        Assert.False(lookups.TryFind(client, "hello.nimbus.internal", 400, out _));
        lookups.Record(DnsLookups.ClientKey(udpClient), "hello.nimbus.internal", 1, 500, 600);
        Assert.True(lookups.TryFind(client, "hello.nimbus.internal"u8, 700, out _));
        // A dual-mode socket sees the same IPv4 client as ::ffff:192.0.2.7.
        Assert.Equal(client, DnsLookups.ClientKey(IPAddress.Parse("::ffff:192.0.2.7")));
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 1).Serialize();
        Assert.Equal(client, DnsLookups.ClientKey(mapped));
    }

    [Fact]
    public void ALookup_IsNotFound_ForAnotherClientOrHost_BeforeItEnded_OrPastTheWindow()
    {
        var lookups = new DnsLookups();
        var client = DnsLookups.ClientKey(IPAddress.Loopback);
        lookups.Record(client, "hello.nimbus.internal", 1, 100, 200);

        Assert.False(lookups.TryFind(DnsLookups.ClientKey(IPAddress.Parse("127.0.0.2")), "hello.nimbus.internal", 300, out _));
        Assert.False(lookups.TryFind(client, "other.nimbus.internal", 300, out _));
        Assert.False(lookups.TryFind(client, "hello.nimbus.internal", 150, out _));
        Assert.False(lookups.TryFind(client, "hello.nimbus.internal", 200 + DnsLookups.Window + 1, out _));
        Assert.False(lookups.TryFind(0, "hello.nimbus.internal", 300, out _));
        Assert.Equal(0UL, DnsLookups.ClientKey(new SocketAddress(AddressFamily.Unix)));
    }
}
