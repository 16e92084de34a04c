using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Edge.Dns;

namespace Nimbus.Edge.Tests.Dns;

/// <summary>The server as a real third-party client sees it.</summary>
public sealed class DnsDigTests : IAsyncLifetime
{
    private DnsServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await DnsServer.StartAsync(new DnsServerOptions(), new DnsZoneHolder(DnsTestZone.Create()), NullLogger.Instance, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [DigFact]
    public async Task Dig_AppA_ShortAnswerListsTheEdges()
    {
        string output = await DigRunner.RunAsync(_server.LocalEndPoint, "hello.nimbus.internal", "A", "+short");
        Assert.Equal(["127.0.0.1", "127.0.0.2"], Lines(output));
    }

    [DigFact]
    public async Task Dig_Srv_ListsInstances()
    {
        string output = await DigRunner.RunAsync(_server.LocalEndPoint, "_http._tcp.hello.nimbus.internal", "SRV", "+short");
        Assert.Equal(["0 1 8000 hello-0.hello.nimbus.internal.", "0 1 8001 hello-1.hello.nimbus.internal."], Lines(output));
    }

    [DigFact]
    public async Task Dig_UnknownApp_StatusNxDomainWithSoa()
    {
        string output = await DigRunner.RunAsync(_server.LocalEndPoint, "nope.nimbus.internal", "A");
        Assert.Contains("status: NXDOMAIN", output);
        Assert.Contains("flags: qr aa rd;", output);
        Assert.Matches(@"nimbus\.internal\.\s+5\s+IN\s+SOA\s+ns\.nimbus\.internal\. hostmaster\.nimbus\.internal\.", output);
    }

    [DigFact]
    public async Task Dig_NameOutsideZones_StatusRefused()
    {
        string output = await DigRunner.RunAsync(_server.LocalEndPoint, "example.com", "A");
        Assert.Contains("status: REFUSED", output);
    }

    [DigFact]
    public async Task Dig_OverTcp_Answers()
    {
        string output = await DigRunner.RunAsync(_server.LocalEndPoint, "+tcp", "hello.nimbus.internal", "AAAA", "+short");
        Assert.Equal(["fd00::1"], Lines(output));
    }

    [DigFact]
    public async Task Dig_Bufsize_AnswersWithOurEdnsSize()
    {
        string output = await DigRunner.RunAsync(_server.LocalEndPoint, "+bufsize=4096", "hello.nimbus.internal", "A");
        Assert.Contains("EDNS: version: 0, flags:; udp: 1232", output);
        Assert.Contains("status: NOERROR", output);
    }

    [DigFact]
    public async Task Dig_LargeSrv_FallsBackToTcpAndGetsEveryInstance()
    {
        string output = await DigRunner.RunAsync(_server.LocalEndPoint, "+noedns", "_http._tcp.big.nimbus.internal", "SRV");
        Assert.Contains("Truncated, retrying in TCP mode.", output);
        Assert.Contains($"ANSWER: {DnsTestZone.BigAppInstances},", output);
        Assert.Contains("(TCP)", output);
    }

    [DigFact]
    public async Task Dig_LargeSrvIgnoringTruncation_ShowsTcFlag()
    {
        string output = await DigRunner.RunAsync(_server.LocalEndPoint, "+ignore", "+noedns", "_http._tcp.big.nimbus.internal", "SRV");
        Assert.Contains("flags: qr aa tc rd;", output);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
