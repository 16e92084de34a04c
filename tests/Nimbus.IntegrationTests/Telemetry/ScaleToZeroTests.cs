using System.Diagnostics;
using System.Net;
using Nimbus.Api;
using Nimbus.IntegrationTests.Edge;
using Xunit.Abstractions;

namespace Nimbus.IntegrationTests.Telemetry;

/// <summary>`autoscale: { min: 0 }`: an idle app goes to zero instances, and the next request through the edge waits
/// for a new one and is served — no error.</summary>
public sealed class ScaleToZeroTests(ITestOutputHelper output) : IAsyncLifetime
{
    private NimbusCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await NimbusCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task IdleApp_ScalesToZero_AndTheFirstRequestAfterIsServedFromAColdStart()
    {
        await _cloud.DeployAsync(EchoApp.Copy(EchoApp.Manifest("echo", """
            autoscale:
              min: 0
              max: 2
              rps: 10
              scale_down_window: 10s
            """)));
        Assert.Equal(1, await InstancesAsync());

        await Poll.UntilAsync(async () => await InstancesAsync() == 0 && await RunningAsync() == 0, TimeSpan.FromSeconds(60),
            "echo to scale to zero once idle for the window");

        using var client = EdgeHttp.Client(_cloud, TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(EdgeHttp.Url(_cloud, "echo"));
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"cold start to first byte: {clock.ElapsedMilliseconds} ms");

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(1, await InstancesAsync());
        var events = (await _cloud.Client.ListAsync("events", NimbusJson.Default.ResourceListEvent, default, app: "echo")).Items
            .Where(e => e.Spec.Reason == "Autoscaled").Select(e => e.Spec.Message).ToList();
        Assert.Contains(events, m => m.StartsWith("scaled 1→0: rps/instance 0 < target 10", StringComparison.Ordinal));
        Assert.Contains(events, m => m.StartsWith("scaled 0→1: a request arrived", StringComparison.Ordinal));
    }

    private async Task<int> InstancesAsync() =>
        (await _cloud.Client.GetAsync("apps", "echo", NimbusJson.Default.App, default)).Spec.Instances;

    private async Task<int> RunningAsync() =>
        (await _cloud.Client.ListAsync("instances", NimbusJson.Default.ResourceListInstance, default, app: "echo")).Items.Count;
}
