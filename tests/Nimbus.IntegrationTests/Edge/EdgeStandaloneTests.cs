using System.Net;
using System.Text.RegularExpressions;
using Nimbus.Api;

namespace Nimbus.IntegrationTests.Edge;

/// <summary><c>nimbus edge --join</c>: a second edge, in its own process, serving the same apps.</summary>
public sealed partial class EdgeStandaloneTests : IAsyncLifetime
{
    private NimbusCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await NimbusCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [GeneratedRegex(@"http (127\.0\.0\.1:\d+),")]
    private static partial Regex HttpAddress();

    [Fact]
    public async Task SecondEdge_Joins_ServesTheApps_AndLeavesCleanly()
    {
        await _cloud.DeployAsync(EchoApp.Copy(), "--instances", "2");
        await using var edge = RoleProcess.StartEdge(_cloud, "local-b");
        var address = await Poll.UntilAsync(() => Task.FromResult(HttpAddress().Match(edge.Output) is { Success: true } m ? m.Groups[1].Value : null),
            TimeSpan.FromSeconds(60), "the edge to print its address");

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Poll.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{address}/");
            request.Headers.Host = "echo.localhost";
            using var response = await client.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "the second edge to route to echo");
        var edges = await _cloud.Client.ListAsync("edges", NimbusJson.Default.ResourceListEdgeNode, default);
        Assert.Equal(2, edges.Items.Count);
        Assert.Contains(edges.Items, e => e.Spec.Zone == "local-b" && e.Spec.Http == address);
        var traffic = await _cloud.Client.GetTrafficAsync("echo", default);
        Assert.Equal(2, traffic.EdgesAsked);
        Assert.Equal(2, traffic.Edges);

        Assert.Equal(0, await edge.StopAsync(Signals.SIGTERM, TimeSpan.FromSeconds(30)));
        var after = await _cloud.Client.ListAsync("edges", NimbusJson.Default.ResourceListEdgeNode, default);
        Assert.Single(after.Items);
    }
}
