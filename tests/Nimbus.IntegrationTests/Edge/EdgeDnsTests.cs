namespace Nimbus.IntegrationTests.Edge;

/// <summary>Nimbus DNS as a user meets it: <c>dig</c> against the DNS port of a real <c>nimbus up</c>.</summary>
[Collection(EdgeCloudCollection.Name)]
public sealed class EdgeDnsTests(EdgeCloudFixture fixture)
{
    private NimbusCloud Cloud => fixture.Cloud;

    private Task<string> DigAsync(params string[] args) => Dig.RunAsync(Cloud, args);

    [Fact]
    public async Task AppName_ResolvesToTheEdge()
    {
        var answer = await DigAsync("echo.nimbus.internal", "A", "+short");

        Assert.Equal("127.0.0.1", answer.Trim());
    }

    [Fact]
    public async Task Srv_ListsTheReadyInstances()
    {
        var instances = await Cloud.ReadyAsync("echo", 2, TimeSpan.FromSeconds(60));

        var answer = await Poll.UntilAsync(async () =>
        {
            var lines = (await DigAsync("_http._tcp.echo.nimbus.internal", "SRV", "+short")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 2 ? lines : null;
        }, TimeSpan.FromSeconds(30), "two SRV records");

        foreach (var instance in instances)
        {
            var port = instance.Address.Split(':')[1];
            Assert.Contains(answer, line => line.Contains($" {port} {instance.Id}.echo.nimbus.internal.", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task UnknownApp_IsNxDomain_OutsideName_IsRefused()
    {
        Assert.Contains("status: NXDOMAIN", await DigAsync("nope.nimbus.internal", "A"));
        Assert.Contains("status: REFUSED", await DigAsync("example.com", "A"));
    }

    [Fact]
    public async Task OverTcp_Answers()
    {
        Assert.Equal("127.0.0.1", (await DigAsync("+tcp", "echo.nimbus.internal", "A", "+short")).Trim());
    }
}
