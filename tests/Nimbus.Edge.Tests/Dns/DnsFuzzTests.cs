using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Edge.Dns;

namespace Nimbus.Edge.Tests.Dns;

/// <summary>Random and mutated packets, from fixed seeds, thrown at the codec and at a live server.</summary>
public sealed class DnsFuzzTests
{
    private static readonly string[] Names =
    [
        "hello.nimbus.internal", "_http._tcp.big.nimbus.internal", "nimbus.internal", "hello-0.hello.nimbus.internal",
        "nope.nimbus.internal", "www.example.test", "example.com", "",
    ];

    private static readonly DnsRecordType[] Types =
        [DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.SRV, DnsRecordType.SOA, DnsRecordType.NS, DnsRecordType.ANY, DnsRecordType.TXT];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Codec_RandomAndMutatedPackets_NeverThrowAndAlwaysAnswerWellFormed(int seed)
    {
        var random = new Random(seed);
        var handler = new DnsQueryHandler(new DnsZoneHolder(DnsTestZone.Create()), forwarding: false);
        byte[] response = new byte[DnsConstants.MaxTcpMessageLength];
        int answered = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] packet = NextPacket(random);
            _ = DnsMessage.TryParse(packet, out _);
            bool overTcp = (i & 1) == 0;
            DnsHandleResult result = handler.Handle(packet, response, overTcp);
            if (result.Action != DnsAction.Respond)
            {
                continue;
            }

            answered++;
            Assert.InRange(result.Length, DnsConstants.HeaderLength, overTcp ? DnsConstants.MaxTcpMessageLength : DnsConstants.OurUdpPayloadSize);
            DnsParseError error = DnsMessage.TryParse(response.AsSpan(0, result.Length), out DnsMessage? answer);
            Assert.True(error == DnsParseError.None, $"seed {seed} packet {i}: our answer does not parse ({error}): {Convert.ToHexString(packet)}");
            Assert.True(answer!.IsResponse);
            Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(packet), answer.Id);
        }

        Assert.True(answered > 1000, $"only {answered} packets got an answer: the mutations are too destructive to test much");
    }

    [Fact]
    public async Task Server_FuzzedOverUdpAndTcp_StillAnswersCorrectly()
    {
        var zone = new DnsZoneHolder(DnsTestZone.Create());
        await using DnsServer server = await DnsServer.StartAsync(
            new DnsServerOptions { TcpIdleTimeout = TimeSpan.FromSeconds(2), MaxTcpConnections = 16 }, zone, NullLogger.Instance, CancellationToken.None);
        var random = new Random(7);

        using (var udp = new Socket(server.LocalEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp))
        {
            await udp.ConnectAsync(server.LocalEndPoint);
            for (int i = 0; i < 300; i++)
            {
                await udp.SendAsync(NextPacket(random), SocketFlags.None);
            }
        }

        var tcpTasks = new List<Task>();
        for (int c = 0; c < 12; c++)
        {
            var connectionRandom = new Random(100 + c);
            tcpTasks.Add(FuzzTcpConnectionAsync(server, connectionRandom));
        }

        await Task.WhenAll(tcpTasks).WaitAsync(TimeSpan.FromSeconds(30));

        DnsMessage viaUdp = await DnsTestClient.QueryUdpAsync(server.LocalEndPoint, DnsMessage.Query(1, "_http._tcp.hello.nimbus.internal", DnsRecordType.SRV));
        DnsMessage viaTcp = await DnsTestClient.QueryTcpAsync(server.LocalEndPoint, DnsMessage.Query(2, "hello.nimbus.internal", DnsRecordType.A));
        Assert.Equal(2, viaUdp.Answers.Count);
        Assert.Equal(new DnsSrvData(0, 1, 8000, "hello-0.hello.nimbus.internal"), viaUdp.Answers[0].Data);
        Assert.Equal(2, viaTcp.Answers.Count);
    }

    private static async Task FuzzTcpConnectionAsync(DnsServer server, Random random)
    {
        using Socket socket = await DnsTestClient.ConnectTcpAsync(server.LocalEndPoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            for (int i = 0; i < 25; i++)
            {
                byte[] packet = NextPacket(random);
                byte[] framed = new byte[packet.Length + 2];
                // Mostly honest lengths; sometimes a lie, which desynchronises the stream like a hostile client would.
                int length = random.Next(10) == 0 ? random.Next(ushort.MaxValue) : packet.Length;
                BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)length);
                packet.CopyTo(framed, 2);
                await socket.SendAsync(framed, SocketFlags.None, cts.Token);
            }
        }
        catch (SocketException)
        {
            // The server may close a connection whose framing went wrong; that is an allowed outcome.
        }
    }

    /// <summary>A random packet: pure noise, or a valid query bit-flipped, truncated, given a pointer loop or huge counts.</summary>
    private static byte[] NextPacket(Random random)
    {
        int kind = random.Next(6);
        if (kind == 0)
        {
            byte[] noise = new byte[random.Next(0, 600)];
            random.NextBytes(noise);
            return noise;
        }

        var query = DnsMessage.Query(
            (ushort)random.Next(ushort.MaxValue + 1),
            Names[random.Next(Names.Length)],
            Types[random.Next(Types.Length)],
            random.Next(2) == 0 ? null : new DnsEdns((ushort)random.Next(0, 5000), (byte)(random.Next(8) == 0 ? 1 : 0)));
        byte[] packet = query.ToArray();
        switch (kind)
        {
            case 1:
                // Flip a few bits, sparing the QR bit half the time so many mutants still get answered.
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                {
                    int bit = random.Next(packet.Length * 8);
                    if (bit != 16 || random.Next(2) == 0)
                    {
                        packet[bit / 8] ^= (byte)(1 << (bit % 8));
                    }
                }

                return packet;
            case 2:
                return packet[..random.Next(packet.Length)];
            case 3:
                // A compression pointer loop at the question name.
                if (packet.Length > 14)
                {
                    packet[12] = 0xC0;
                    packet[13] = (byte)(random.Next(2) == 0 ? 12 : 14);
                    packet[14] = 0xC0;
                    packet[15] = 12;
                }

                return packet;
            case 4:
                // Huge section counts.
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6 + (2 * random.Next(3))), (ushort)random.Next(1, ushort.MaxValue + 1));
                return packet;
            default:
                return packet;
        }
    }
}
