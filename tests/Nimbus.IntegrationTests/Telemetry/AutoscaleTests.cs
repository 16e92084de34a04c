using Nimbus.Api;
using Nimbus.IntegrationTests.Edge;

namespace Nimbus.IntegrationTests.Telemetry;

/// <summary>The autoscaler on a real cloud: load through the edge adds instances; when the load stops, the scale-down
/// window passes and the app goes back to its min. The series the decisions came from are readable with
/// `nimbus metrics`.</summary>
public sealed class AutoscaleTests : IAsyncLifetime
{
    private NimbusCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await NimbusCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task LoadThroughTheEdge_RaisesInstancesToThreeOrMore_AndAfterTheWindowBackToMin()
    {
        await _cloud.DeployAsync(EchoApp.Copy(EchoApp.Manifest("echo", """
            autoscale:
              min: 1
              max: 4
              rps: 10
              scale_down_window: 5s
            """)));
        Assert.Equal(1, await InstancesAsync());

        using var client = EdgeHttp.Client(_cloud);
        await using (var load = new LoadGenerator(client, EdgeHttp.Url(_cloud, "echo"), workers: 4, cap: TimeSpan.FromMinutes(2)))
        {
            await load.FlowingAsync();
            await Poll.UntilAsync(async () => await ReadyAsync() >= 3, TimeSpan.FromSeconds(90), "the autoscaler to bring echo to 3 or more ready instances");
            Assert.Empty(load.Failures);
        }

        await Poll.UntilAsync(async () => await InstancesAsync() == 1, TimeSpan.FromSeconds(90), "echo to go back to 1 instance after the window");
        var events = (await _cloud.Client.ListAsync("events", NimbusJson.Default.ResourceListEvent, default, app: "echo")).Items
            .Where(e => e.Spec.Reason == "Autoscaled").Select(e => e.Spec.Message).ToList();
        Assert.Contains(events, m => m.StartsWith("scaled 1→", StringComparison.Ordinal) && m.Contains("rps/instance", StringComparison.Ordinal) && m.Contains("> target 10", StringComparison.Ordinal));
        Assert.Contains(events, m => m.Contains("→1: rps/instance", StringComparison.Ordinal));

        var rps = await _cloud.Client.GetMetricsAsync("echo", "rps", "5m", default);
        Assert.Equal("requests/s", rps.Unit);
        Assert.Contains(rps.Points, p => p.Value > 10);
        var cli = await NimbusCli.RunAsync(_cloud.Data, TimeSpan.FromSeconds(60), "metrics", "echo", "--metric", "rps", "--since", "5m");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains("echo rps (requests/s)", cli.Stdout);
    }

    private async Task<int> InstancesAsync() =>
        (await _cloud.Client.GetAsync("apps", "echo", NimbusJson.Default.App, default)).Spec.Instances;

    private async Task<int> ReadyAsync() =>
        (await _cloud.Client.ListAsync("instances", NimbusJson.Default.ResourceListInstance, default, app: "echo")).Items
            .Count(i => i.Status.Ready && !i.Spec.Stop);
}
