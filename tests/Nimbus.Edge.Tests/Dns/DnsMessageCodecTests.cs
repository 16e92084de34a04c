using System.Net;
using Nimbus.Edge.Dns;

namespace Nimbus.Edge.Tests.Dns;

public sealed class DnsMessageCodecTests
{
    [Fact]
    public void RoundTrip_EveryRecordType_KeepsEveryField()
    {
        var message = new DnsMessage
        {
            Id = 0xBEEF,
            IsResponse = true,
            IsAuthoritative = true,
            RecursionDesired = true,
            RecursionAvailable = true,
            ResponseCode = DnsResponseCode.NameError,
        };
        message.Questions.Add(new DnsQuestion("hello.nimbus.internal", DnsRecordType.ANY));
        message.Answers.Add(new DnsRecord("hello.nimbus.internal", DnsRecordType.A, 5, new DnsAddressData(IPAddress.Parse("10.0.0.1"))));
        message.Answers.Add(new DnsRecord("hello.nimbus.internal", DnsRecordType.AAAA, 5, new DnsAddressData(IPAddress.Parse("fd00::1"))));
        message.Answers.Add(new DnsRecord("nimbus.internal", DnsRecordType.NS, 60, new DnsNameData("ns.nimbus.internal")));
        message.Answers.Add(new DnsRecord("alias.nimbus.internal", DnsRecordType.CNAME, 60, new DnsNameData("hello.nimbus.internal")));
        message.Answers.Add(new DnsRecord("_http._tcp.hello.nimbus.internal", DnsRecordType.SRV, 5, new DnsSrvData(1, 2, 8080, "hello-0.hello.nimbus.internal")));
        message.Answers.Add(new DnsRecord("hello.nimbus.internal", DnsRecordType.TXT, 5, new DnsTxtData([[.. "v=1"u8], [], [0, 255]])));
        message.Answers.Add(new DnsRecord("hello.nimbus.internal", (DnsRecordType)99, 5, new DnsRawData([1, 2, 3])));
        message.Authorities.Add(new DnsRecord("nimbus.internal", DnsRecordType.SOA, 5, new DnsSoaData("ns.nimbus.internal", "hostmaster.nimbus.internal", 42, 3600, 600, 86400, 5)));
        message.Additionals.Add(new DnsRecord("ns.nimbus.internal", DnsRecordType.A, 5, new DnsAddressData(IPAddress.Parse("10.0.0.2"))));
        message.Edns = new DnsEdns(1232, DnssecOk: true) { Options = [new DnsEdnsOption(10, [1, 2, 3, 4, 5, 6, 7, 8])] };

        byte[] wire = message.ToArray();

        Assert.Equal(DnsParseError.None, DnsMessage.TryParse(wire, out DnsMessage? parsed));
        Assert.Equal(0xBEEF, parsed!.Id);
        Assert.True(parsed.IsResponse && parsed.IsAuthoritative && parsed.RecursionDesired && parsed.RecursionAvailable);
        Assert.False(parsed.IsTruncated);
        Assert.Equal(DnsResponseCode.NameError, parsed.ResponseCode);
        Assert.Equal(message.Questions, parsed.Questions);
        Assert.Equal(7, parsed.Answers.Count);
        Assert.Equal(message.Answers[0], parsed.Answers[0]);
        Assert.Equal(message.Answers[1], parsed.Answers[1]);
        Assert.Equal(message.Answers[2], parsed.Answers[2]);
        Assert.Equal(message.Answers[3], parsed.Answers[3]);
        Assert.Equal(message.Answers[4], parsed.Answers[4]);
        var txt = Assert.IsType<DnsTxtData>(parsed.Answers[5].Data);
        Assert.Equal(["v=1"u8.ToArray(), [], [0, 255]], txt.Strings);
        Assert.Equal([1, 2, 3], Assert.IsType<DnsRawData>(parsed.Answers[6].Data).Bytes);
        Assert.Equal(message.Authorities, parsed.Authorities);
        Assert.Equal(message.Additionals, parsed.Additionals);
        Assert.NotNull(parsed.Edns);
        Assert.Equal(1232, parsed.Edns.UdpPayloadSize);
        Assert.True(parsed.Edns.DnssecOk);
        Assert.Equal(10, Assert.Single(parsed.Edns.Options).Code);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], parsed.Edns.Options[0].Data);
    }

    [Fact]
    public void Write_RepeatedNames_CompressesThemToPointers()
    {
        var message = new DnsMessage { Id = 1, IsResponse = true };
        message.Questions.Add(new DnsQuestion("hello.nimbus.internal", DnsRecordType.A));
        for (int i = 0; i < 10; i++)
        {
            message.Answers.Add(new DnsRecord("HELLO.nimbus.internal", DnsRecordType.A, 5, new DnsAddressData(new IPAddress([10, 0, 0, (byte)i]))));
        }

        message.Additionals.Add(new DnsRecord("ns.nimbus.internal", DnsRecordType.A, 5, new DnsAddressData(IPAddress.Loopback)));

        byte[] wire = message.ToArray();

        // Header 12 + question 23 + 4, then 10 answers of pointer(2)+10+4, then "ns" + pointer (5) + 10 + 4.
        Assert.Equal(12 + 23 + 4 + (10 * 16) + 5 + 14, wire.Length);
        Assert.Equal(DnsParseError.None, DnsMessage.TryParse(wire, out DnsMessage? parsed));
        Assert.All(parsed!.Answers, a => Assert.Equal("hello.nimbus.internal", a.Name));
        Assert.Equal("ns.nimbus.internal", parsed.Additionals[0].Name);
    }

    [Fact]
    public void Write_SrvTarget_IsNotCompressedButLaterNamesPointAtIt()
    {
        var message = new DnsMessage { Id = 2, IsResponse = true };
        message.Questions.Add(new DnsQuestion("_http._tcp.hello.nimbus.internal", DnsRecordType.SRV));
        message.Answers.Add(new DnsRecord("_http._tcp.hello.nimbus.internal", DnsRecordType.SRV, 5, new DnsSrvData(0, 1, 80, "hello-0.hello.nimbus.internal")));
        message.Additionals.Add(new DnsRecord("hello-0.hello.nimbus.internal", DnsRecordType.A, 5, new DnsAddressData(IPAddress.Loopback)));

        byte[] wire = message.ToArray();

        int srvTarget = wire.AsSpan().IndexOf("\u0007hello-0\u0005hello\u0006nimbus\u0008internal\0"u8);
        Assert.True(srvTarget > 0, "the SRV target is written out in full");
        Assert.Equal(DnsParseError.None, DnsMessage.TryParse(wire, out DnsMessage? parsed));
        Assert.Equal("hello-0.hello.nimbus.internal", parsed!.Additionals[0].Name);
        Assert.Equal(0xC0, wire[^16]); // the additional record's owner is a pointer
    }

    [Fact]
    public void RoundTrip_ExtendedResponseCode_SplitsBetweenHeaderAndOpt()
    {
        var message = new DnsMessage { Id = 3, IsResponse = true, ResponseCode = DnsResponseCode.BadVersion, Edns = new DnsEdns(1232) };
        byte[] wire = message.ToArray();
        Assert.Equal(0, wire[3] & 0xF);
        Assert.Equal(DnsParseError.None, DnsMessage.TryParse(wire, out DnsMessage? parsed));
        Assert.Equal(DnsResponseCode.BadVersion, parsed!.ResponseCode);
    }

    [Fact]
    public void TryParse_TwoOptRecords_FailsAsDuplicate()
    {
        byte[] wire = DnsMessage.Query(4, "a.example", DnsRecordType.A, new DnsEdns(1232)).ToArray();
        byte[] opt = wire[^11..];
        byte[] doubled = [.. wire, .. opt];
        doubled[11] = 2;
        Assert.Equal(DnsParseError.DuplicateOpt, DnsMessage.TryParse(doubled, out _));
    }

    [Fact]
    public void TryParse_OptionRunningPastRecordData_FailsAsBadOpt()
    {
        var query = DnsMessage.Query(5, "a.example", DnsRecordType.A, new DnsEdns(1232) { Options = [new DnsEdnsOption(10, [1, 2])] });
        byte[] wire = query.ToArray();
        wire[^3] = 9; // option length 9 in 2 bytes of data
        Assert.Equal(DnsParseError.BadOpt, DnsMessage.TryParse(wire, out _));
    }

    [Fact]
    public void TryParse_EveryPrefixOfAValidMessage_FailsWithoutThrowing()
    {
        var message = new DnsMessage { Id = 6, IsResponse = true };
        message.Questions.Add(new DnsQuestion("hello.nimbus.internal", DnsRecordType.SRV));
        message.Answers.Add(new DnsRecord("_http._tcp.hello.nimbus.internal", DnsRecordType.SRV, 5, new DnsSrvData(0, 1, 80, "a.hello.nimbus.internal")));
        message.Authorities.Add(new DnsRecord("nimbus.internal", DnsRecordType.SOA, 5, new DnsSoaData("ns.nimbus.internal", "hostmaster.nimbus.internal", 1, 2, 3, 4, 5)));
        byte[] wire = message.ToArray();

        for (int length = 0; length < wire.Length; length++)
        {
            Assert.NotEqual(DnsParseError.None, DnsMessage.TryParse(wire.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void TryParse_AddressWithWrongLength_Fails()
    {
        var message = new DnsMessage { Id = 7, IsResponse = true };
        message.Answers.Add(new DnsRecord("a.example", DnsRecordType.A, 5, new DnsRawData([1, 2, 3])));
        Assert.Equal(DnsParseError.BadRecordData, DnsMessage.TryParse(message.ToArray(), out _));
    }

    [Fact]
    public void TryWrite_BufferTooSmall_ReturnsFalse()
    {
        var message = DnsMessage.Query(8, "hello.nimbus.internal", DnsRecordType.A);
        Assert.False(message.TryWrite(new byte[20], out _));
        Assert.True(message.TryWrite(new byte[39], out int written));
        Assert.Equal(39, written);
    }
}
