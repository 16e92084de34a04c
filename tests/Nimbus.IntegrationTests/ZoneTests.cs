using Nimbus.Api;
using Nimbus.Api.Resources;

namespace Nimbus.IntegrationTests;

/// <summary>Several nodes in several zones: spread, and moving instances off a node that goes away.</summary>
public sealed class ZoneTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private NimbusCloud _cloud = null!;
    private RoleProcess _agentB = null!;
    private string _app = "";

    public async Task InitializeAsync()
    {
        _cloud = await NimbusCloud.StartAsync(null, "--node-timeout", "6s");
        _agentB = RoleProcess.Start(_cloud, "local-b");
        _app = TestApps.CopyHelloPython();
        await Poll.UntilAsync(async () =>
        {
            var nodes = await _cloud.Client.ListAsync("nodes", NimbusJson.Default.ResourceListNode, default);
            return nodes.Items.Count(n => n.Status.Phase == NodePhase.Ready) == 2;
        }, Patience, "two Ready nodes");
    }

    public async Task DisposeAsync()
    {
        await _agentB.DisposeAsync();
        await _cloud.DisposeAsync();
        Directory.Delete(_app, recursive: true);
    }

    [Fact]
    public async Task Scale4_OverTwoZones_PutsTwoInEach_AndStoppingAnAgentMovesItsInstances()
    {
        await _cloud.DeployAsync(_app, "--instances", "2");
        await _cloud.ReadyAsync("hello", 2, Patience);
        var scale = await _cloud.CliAsync("scale", "hello", "4");
        Assert.True(scale.ExitCode == 0, scale.ToString());
        var spread = await _cloud.ReadyAsync("hello", 4, Patience);
        Assert.Equal(2, spread.Count(i => i.Zone == "local-a"));
        Assert.Equal(2, spread.Count(i => i.Zone == "local-b"));

        Assert.Equal(0, await _agentB.StopAsync(Signals.SIGTERM, TimeSpan.FromSeconds(30)));

        var moved = await Poll.UntilAsync(async () =>
        {
            var now = await _cloud.PsAsync("hello");
            return now.Count == 4 && now.All(i => i.State == "ready" && i.Zone == "local-a") ? now : null;
        }, Patience, "all four instances ready in zone local-a");
        Assert.All(spread.Where(i => i.Zone == "local-b"), i => Assert.False(Signals.IsAlive(i.Pid)));
        Assert.Equal(4, moved.Select(i => i.Address).Distinct().Count());
    }

    [Fact]
    public async Task AgentKilledHard_NodeGoesNotReady_InstancesMove_AndItsOrphansEndWhenItReturns()
    {
        await _cloud.DeployAsync(_app, "--instances", "2");
        var spread = await _cloud.ReadyAsync("hello", 2, Patience);
        var onB = spread.Single(i => i.Zone == "local-b");

        await _agentB.StopAsync(Signals.SIGKILL, TimeSpan.FromSeconds(10));

        await Poll.UntilAsync(async () =>
        {
            var now = await _cloud.PsAsync("hello");
            return now.Count == 2 && now.All(i => i.State == "ready" && i.Zone == "local-a");
        }, Patience, "both instances ready in zone local-a after node b's heartbeat stopped");
        var status = await _cloud.CliAsync("status", "--output", "json");
        Assert.Contains("\"NotReady\"", status.Stdout);
        var events = await _cloud.CliAsync("events");
        Assert.Contains("NodeNotReady", events.Stdout);

        // The agent comes back on the same data dir: it ends what its previous life left running.
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[Repo.NimbusDll, "agent", "--join", _cloud.Api.ToString(), "--token", _cloud.Token, "--zone", "local-b", "--data", _agentB.Data])
        {
            info.ArgumentList.Add(arg);
        }
        using var again = System.Diagnostics.Process.Start(info)!;
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(!Signals.IsAlive(onB.Pid)), TimeSpan.FromSeconds(30), $"orphan pid {onB.Pid} to be ended by the returning agent");
        }
        finally
        {
            Signals.Send(again.Id, Signals.SIGTERM);
            await again.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }
    }
}
