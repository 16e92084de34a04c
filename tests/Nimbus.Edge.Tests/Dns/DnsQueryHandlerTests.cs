using System.Net;
using Nimbus.Edge.Dns;

namespace Nimbus.Edge.Tests.Dns;

public sealed class DnsQueryHandlerTests
{
    private readonly DnsZoneHolder _zone = new(DnsTestZone.Create());

    [Fact]
    public void Query_AppA_ReturnsIPv4EdgesAuthoritatively()
    {
        DnsMessage answer = Ask("hello.nimbus.internal", DnsRecordType.A);

        Assert.Equal(DnsResponseCode.NoError, answer.ResponseCode);
        Assert.True(answer.IsResponse);
        Assert.True(answer.IsAuthoritative);
        Assert.Equal(["127.0.0.1", "127.0.0.2"], Addresses(answer.Answers));
        Assert.All(answer.Answers, r => Assert.Equal(5u, r.Ttl));
        Assert.Empty(answer.Authorities);
    }

    [Fact]
    public void Query_AppAaaa_ReturnsIPv6Edges()
    {
        Assert.Equal(["fd00::1"], Addresses(Ask("hello.nimbus.internal", DnsRecordType.AAAA).Answers));
    }

    [Fact]
    public void Query_MixedCaseName_AnswersAndEchoesTheClientsCase()
    {
        DnsMessage answer = Ask("HeLLo.Nimbus.INTERNAL", DnsRecordType.A);

        Assert.Equal("HeLLo.Nimbus.INTERNAL", answer.Questions[0].Name);
        Assert.Equal(2, answer.Answers.Count);
        Assert.Equal("HeLLo.Nimbus.INTERNAL", answer.Answers[0].Name);
    }

    [Fact]
    public void Query_AppWithNoInstances_StillResolvesToEdges()
    {
        Assert.Equal(2, Ask("idle.nimbus.internal", DnsRecordType.A).Answers.Count);
    }

    [Fact]
    public void Query_ExistingNameOtherType_ReturnsNoDataWithSoa()
    {
        DnsMessage answer = Ask("hello.nimbus.internal", DnsRecordType.TXT);

        Assert.Equal(DnsResponseCode.NoError, answer.ResponseCode);
        Assert.Empty(answer.Answers);
        DnsRecord soa = Assert.Single(answer.Authorities);
        Assert.Equal("nimbus.internal", soa.Name);
        Assert.Equal(DnsRecordType.SOA, soa.Type);
    }

    [Fact]
    public void Query_UnknownApp_ReturnsNxDomainWithSoa()
    {
        DnsMessage answer = Ask("nope.nimbus.internal", DnsRecordType.A);

        Assert.Equal(DnsResponseCode.NameError, answer.ResponseCode);
        Assert.True(answer.IsAuthoritative);
        Assert.Empty(answer.Answers);
        var soa = Assert.IsType<DnsSoaData>(Assert.Single(answer.Authorities).Data);
        Assert.Equal("ns.nimbus.internal", soa.PrimaryServer);
        Assert.Equal("hostmaster.nimbus.internal", soa.Responsible);
        Assert.Equal(_zone.Serial, soa.Serial);
    }

    [Fact]
    public void Query_EmptyNonTerminal_ReturnsNoDataNotNxDomain()
    {
        DnsMessage answer = Ask("_tcp.hello.nimbus.internal", DnsRecordType.A);
        Assert.Equal(DnsResponseCode.NoError, answer.ResponseCode);
        Assert.Empty(answer.Answers);
    }

    [Fact]
    public void Query_Srv_ReturnsOneRecordPerInstanceWithAddressesInAdditional()
    {
        DnsMessage answer = Ask("_http._tcp.hello.nimbus.internal", DnsRecordType.SRV);

        Assert.Equal(2, answer.Answers.Count);
        var srv = Assert.IsType<DnsSrvData>(answer.Answers[0].Data);
        Assert.Equal(new DnsSrvData(0, 1, 8000, "hello-0.hello.nimbus.internal"), srv);
        Assert.Equal(new DnsSrvData(0, 1, 8001, "hello-1.hello.nimbus.internal"), answer.Answers[1].Data);
        Assert.Equal(2, answer.Additionals.Count);
        Assert.Equal("hello-0.hello.nimbus.internal", answer.Additionals[0].Name);
        Assert.Equal(["127.0.1.1", "127.0.1.2"], Addresses(answer.Additionals));
    }

    [Fact]
    public void Query_SrvOfAppWithNoInstances_ReturnsNoData()
    {
        DnsMessage answer = Ask("_http._tcp.idle.nimbus.internal", DnsRecordType.SRV);
        Assert.Equal(DnsResponseCode.NoError, answer.ResponseCode);
        Assert.Empty(answer.Answers);
        Assert.Single(answer.Authorities);
    }

    [Fact]
    public void Query_Instance_ReturnsItsAddress()
    {
        Assert.Equal(["127.0.1.2"], Addresses(Ask("hello-1.hello.nimbus.internal", DnsRecordType.A).Answers));
        Assert.Equal(["fd00::42"], Addresses(Ask("v6-0.v6.nimbus.internal", DnsRecordType.AAAA).Answers));
        Assert.Empty(Ask("v6-0.v6.nimbus.internal", DnsRecordType.A).Answers);
    }

    [Fact]
    public void Query_ZoneSoa_SerialChangesWithEverySwap()
    {
        uint before = Assert.IsType<DnsSoaData>(Assert.Single(Ask("nimbus.internal", DnsRecordType.SOA).Answers).Data).Serial;

        _zone.Swap(DnsTestZone.Create(helloInstances: 3));

        uint after = Assert.IsType<DnsSoaData>(Assert.Single(Ask("nimbus.internal", DnsRecordType.SOA).Answers).Data).Serial;
        Assert.NotEqual(before, after);
        Assert.Equal(3, Ask("_http._tcp.hello.nimbus.internal", DnsRecordType.SRV).Answers.Count);
    }

    [Fact]
    public void Query_ZoneNs_ReturnsNameServerWithGlue()
    {
        DnsMessage answer = Ask("nimbus.internal", DnsRecordType.NS);

        Assert.Equal(new DnsNameData("ns.nimbus.internal"), Assert.Single(answer.Answers).Data);
        Assert.Equal(["127.0.0.1", "127.0.0.2", "fd00::1"], Addresses(answer.Additionals));
        Assert.Equal(["127.0.0.1", "127.0.0.2"], Addresses(Ask("ns.nimbus.internal", DnsRecordType.A).Answers));
    }

    [Fact]
    public void Query_Any_ReturnsWhatExists()
    {
        DnsMessage apex = Ask("nimbus.internal", DnsRecordType.ANY);
        Assert.Equal([DnsRecordType.SOA, DnsRecordType.NS], apex.Answers.Select(r => r.Type));

        DnsMessage app = Ask("hello.nimbus.internal", DnsRecordType.ANY);
        Assert.Equal([DnsRecordType.A, DnsRecordType.A, DnsRecordType.AAAA], app.Answers.Select(r => r.Type));
    }

    [Fact]
    public void Query_CustomDomain_ResolvesToEdgesAndItsSubnamesAreNxDomain()
    {
        DnsMessage www = Ask("www.example.test", DnsRecordType.A);
        Assert.True(www.IsAuthoritative);
        Assert.Equal(2, www.Answers.Count);

        DnsMessage under = Ask("x.www.example.test", DnsRecordType.A);
        Assert.Equal(DnsResponseCode.NameError, under.ResponseCode);
        Assert.Equal("www.example.test", Assert.Single(under.Authorities).Name);

        Assert.Equal(2, Ask("api.nimbus.internal", DnsRecordType.A).Answers.Count);
    }

    [Fact]
    public void Query_OutsideOurZones_WithoutUpstream_IsRefused()
    {
        DnsMessage answer = Ask("example.com", DnsRecordType.A);
        Assert.Equal(DnsResponseCode.Refused, answer.ResponseCode);
        Assert.False(answer.IsAuthoritative);
        Assert.Equal("example.com", answer.Questions[0].Name);
    }

    [Fact]
    public void Query_OutsideOurZones_WithUpstream_IsForwarded()
    {
        var handler = new DnsQueryHandler(_zone, forwarding: true);
        byte[] query = DnsMessage.Query(9, "example.com", DnsRecordType.A).ToArray();
        Assert.Equal(DnsAction.Forward, handler.Handle(query, new byte[512], overTcp: false).Action);
        byte[] local = DnsMessage.Query(9, "hello.nimbus.internal", DnsRecordType.A).ToArray();
        Assert.Equal(DnsAction.Respond, handler.Handle(local, new byte[512], overTcp: false).Action);
    }

    [Fact]
    public void Query_WithEdns_AnswersWithOurPayloadSize()
    {
        DnsMessage answer = Ask(DnsMessage.Query(10, "hello.nimbus.internal", DnsRecordType.A, new DnsEdns(4096, DnssecOk: true)));

        Assert.NotNull(answer.Edns);
        Assert.Equal(1232, answer.Edns.UdpPayloadSize);
        Assert.Equal(0, answer.Edns.Version);
        Assert.True(answer.Edns.DnssecOk);
        Assert.Null(Ask("hello.nimbus.internal", DnsRecordType.A).Edns);
    }

    [Fact]
    public void Query_EdnsVersion1_ReturnsBadVersWithOpt()
    {
        DnsMessage answer = Ask(DnsMessage.Query(11, "hello.nimbus.internal", DnsRecordType.A, new DnsEdns(1232, Version: 1)));

        Assert.Equal(DnsResponseCode.BadVersion, answer.ResponseCode);
        Assert.Equal(0, answer.Edns!.Version);
        Assert.Empty(answer.Answers);
    }

    [Fact]
    public void Query_TwoOptRecords_ReturnsFormErr()
    {
        byte[] wire = DnsMessage.Query(12, "hello.nimbus.internal", DnsRecordType.A, new DnsEdns(1232)).ToArray();
        byte[] doubled = [.. wire, .. wire[^11..]];
        doubled[11] = 2;
        Assert.Equal(DnsResponseCode.FormatError, AskRaw(doubled).ResponseCode);
    }

    [Fact]
    public void Query_OptWithNonRootOwner_ReturnsFormErr()
    {
        var query = DnsMessage.Query(13, "hello.nimbus.internal", DnsRecordType.A);
        query.Additionals.Add(new DnsRecord("x", DnsRecordType.OPT, 0, new DnsRawData([])));
        Assert.Equal(DnsResponseCode.FormatError, Ask(query).ResponseCode);
    }

    [Fact]
    public void Query_TwoQuestions_ReturnsFormErr()
    {
        var query = DnsMessage.Query(14, "hello.nimbus.internal", DnsRecordType.A);
        query.Questions.Add(new DnsQuestion("idle.nimbus.internal", DnsRecordType.A));
        DnsMessage answer = Ask(query);
        Assert.Equal(DnsResponseCode.FormatError, answer.ResponseCode);
        Assert.Equal(14, answer.Id);
    }

    [Fact]
    public void Query_NoQuestion_ReturnsFormErr()
    {
        var query = new DnsMessage { Id = 15 };
        Assert.Equal(DnsResponseCode.FormatError, Ask(query).ResponseCode);
    }

    [Fact]
    public void Query_NonQueryOpcode_ReturnsNotImp()
    {
        var query = DnsMessage.Query(16, "hello.nimbus.internal", DnsRecordType.A);
        query.Opcode = 2; // STATUS
        DnsMessage answer = Ask(query);
        Assert.Equal(DnsResponseCode.NotImplemented, answer.ResponseCode);
        Assert.Equal(2, answer.Opcode);
    }

    [Fact]
    public void Query_ThatIsAResponse_IsDropped()
    {
        var handler = new DnsQueryHandler(_zone, forwarding: false);
        var query = DnsMessage.Query(17, "hello.nimbus.internal", DnsRecordType.A);
        query.IsResponse = true;
        Assert.Equal(DnsAction.Drop, handler.Handle(query.ToArray(), new byte[512], overTcp: false).Action);
        Assert.Equal(DnsAction.Drop, handler.Handle(new byte[11], new byte[512], overTcp: false).Action);
    }

    [Fact]
    public void Query_ZoneTransfer_IsRefused()
    {
        Assert.Equal(DnsResponseCode.Refused, Ask("nimbus.internal", DnsRecordType.AXFR).ResponseCode);
    }

    [Fact]
    public void Query_LargeSrvOverUdp_IsTruncatedAtARecordBoundary()
    {
        DnsMessage udp = Ask(DnsMessage.Query(18, "_http._tcp.big.nimbus.internal", DnsRecordType.SRV), overTcp: false, out int udpLength);

        Assert.True(udp.IsTruncated);
        Assert.True(udpLength <= 512);
        Assert.NotEmpty(udp.Answers);
        Assert.True(udp.Answers.Count < DnsTestZone.BigAppInstances);
        Assert.Empty(udp.Additionals);

        DnsMessage tcp = Ask(DnsMessage.Query(18, "_http._tcp.big.nimbus.internal", DnsRecordType.SRV), overTcp: true, out _);
        Assert.False(tcp.IsTruncated);
        Assert.Equal(DnsTestZone.BigAppInstances, tcp.Answers.Count);
        Assert.Equal(DnsTestZone.BigAppInstances, tcp.Additionals.Count);
    }

    [Fact]
    public void Query_LargeSrvWithEdns_UsesTheLargerLimitAndKeepsOpt()
    {
        DnsMessage answer = Ask(DnsMessage.Query(19, "_http._tcp.big.nimbus.internal", DnsRecordType.SRV, new DnsEdns(4096)), overTcp: false, out int length);

        Assert.True(answer.IsTruncated);
        Assert.InRange(length, 513, 1232);
        Assert.NotNull(answer.Edns);
    }

    [Fact]
    public void Query_AfterSwap_SeesTheNewSnapshot()
    {
        _zone.Swap(DnsZoneSnapshot.Empty with { Domain = "other.test" });
        Assert.Equal(DnsResponseCode.Refused, Ask("hello.nimbus.internal", DnsRecordType.A).ResponseCode);
        Assert.Equal(DnsResponseCode.NameError, Ask("hello.other.test", DnsRecordType.A).ResponseCode);
        Assert.Equal("other.test", _zone.Current.Domain);
    }

    [Fact]
    public void Handle_WarmedUp_AllocatesNothingPerQuery()
    {
        var handler = new DnsQueryHandler(_zone, forwarding: false);
        byte[][] queries =
        [
            DnsMessage.Query(1, "hello.nimbus.internal", DnsRecordType.A, new DnsEdns(1232)).ToArray(),
            DnsMessage.Query(2, "_http._tcp.big.nimbus.internal", DnsRecordType.SRV).ToArray(),
            DnsMessage.Query(3, "nope.nimbus.internal", DnsRecordType.AAAA).ToArray(),
            DnsMessage.Query(4, "example.com", DnsRecordType.A).ToArray(),
        ];
        byte[] response = new byte[DnsConstants.MaxTcpMessageLength];
        foreach (byte[] query in queries)
        {
            handler.Handle(query, response, overTcp: true);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            handler.Handle(queries[i % queries.Length], response, overTcp: (i & 4) == 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private DnsMessage Ask(string name, DnsRecordType type) => Ask(DnsMessage.Query(42, name, type));

    private DnsMessage Ask(DnsMessage query) => Ask(query, overTcp: false, out _);

    private DnsMessage Ask(DnsMessage query, bool overTcp, out int length)
    {
        DnsMessage answer = AskRaw(query.ToArray(), overTcp, out length);
        Assert.Equal(query.Id, answer.Id);
        return answer;
    }

    private DnsMessage AskRaw(byte[] query) => AskRaw(query, overTcp: false, out _);

    private DnsMessage AskRaw(byte[] query, bool overTcp, out int length)
    {
        var handler = new DnsQueryHandler(_zone, forwarding: false);
        byte[] response = new byte[65535];
        DnsHandleResult result = handler.Handle(query, overTcp ? response : response.AsSpan(0, 1232), overTcp);
        Assert.Equal(DnsAction.Respond, result.Action);
        length = result.Length;
        Assert.Equal(DnsParseError.None, DnsMessage.TryParse(response.AsSpan(0, result.Length), out DnsMessage? answer));
        return answer!;
    }

    private static List<string> Addresses(List<DnsRecord> records) =>
        [.. records.Select(r => ((DnsAddressData)r.Data).Address.ToString())];
}
