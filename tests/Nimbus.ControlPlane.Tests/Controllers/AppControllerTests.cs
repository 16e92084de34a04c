using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Tests.Controllers;

public sealed class AppControllerTests : IAsyncLifetime
{
    private readonly ControllerFixture _f = new();

    public async Task InitializeAsync()
    {
        await _f.AddNodeAsync("a1", "a");
        await _f.AddNodeAsync("b1", "b");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task FirstRelease_CreatesAndPlacesEveryInstance_ThenBecomesReady()
    {
        await _f.ReleaseAsync(1, 2);
        await _f.SettleAsync();

        var instances = await _f.InstancesAsync();
        Assert.Equal(2, instances.Count);
        Assert.Equal(["a", "b"], instances.Select(i => i.Spec.Zone).Order());

        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();
        var app = await _f.Apps.GetAsync("default", "web", default);
        Assert.Equal("v1", app!.Status.CurrentRelease);
        Assert.Equal(AppPhase.Running, app.Status.Phase);
        Assert.Equal(ReleasePhase.Ready, (await _f.Releases.GetAsync("default", "web-v1", default))!.Status.Phase);
    }

    [Fact]
    public async Task RollingUpdate_StartsOneNewBeforeStoppingAnyOld_AndNeverDropsBelowTheCount()
    {
        await _f.ReleaseAsync(1, 2);
        await _f.SettleAsync();
        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();

        await _f.ReleaseAsync(2, 2);
        for (var step = 0; step < 10; step++)
        {
            await _f.SettleAsync();
            var instances = await _f.InstancesAsync();
            var readyServing = instances.Count(i => i.Status.Ready && !i.Spec.Stop);
            Assert.True(readyServing >= 2, $"step {step}: only {readyServing} ready instances serve");
            Assert.True(instances.Count(i => !i.Spec.Stop) <= 3, $"step {step}: more than one surge instance");
            if (instances.All(i => i.Spec.Release == "web-v2" && i.Status.Ready) && instances.Count == 2)
            {
                return;
            }
            await _f.AgentRunsEverythingAsync();
        }
        Assert.Fail("the rollout did not finish in 10 steps");
    }

    [Fact]
    public async Task NewRelease_WhoseInstanceCrashesThreeTimes_Fails_AndThePreviousReleaseKeepsRunning()
    {
        await _f.ReleaseAsync(1, 1);
        await _f.SettleAsync();
        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();
        var v1 = (await _f.InstancesAsync()).Single();

        await _f.ReleaseAsync(2, 1);
        await _f.SettleAsync();
        var v2 = (await _f.InstancesAsync()).Single(i => i.Spec.Release == "web-v2");
        await _f.Instances.MutateAsync("default", v2.Metadata.Name, i =>
        {
            i.Status = new InstanceStatus { Phase = InstancePhase.Crashed, Restarts = Nimbus.ControlPlane.Controllers.AppController.CrashLimit, LastExit = "exit code 3" };
            return true;
        }, default);
        await _f.SettleAsync();

        var release = await _f.Releases.GetAsync("default", "web-v2", default);
        Assert.Equal(ReleasePhase.Failed, release!.Status.Phase);
        Assert.Equal(v2.Metadata.Name, release.Status.FailedInstance);
        var remaining = await _f.InstancesAsync();
        Assert.Contains(remaining, i => i.Metadata.Name == v1.Metadata.Name && !i.Spec.Stop);
        Assert.All(remaining.Where(i => i.Spec.Release == "web-v2"), i => Assert.True(i.Spec.Stop));
        var app = await _f.Apps.GetAsync("default", "web", default);
        Assert.Equal("v1", app!.Status.CurrentRelease);
    }

    [Fact]
    public async Task NewRelease_NotReadyWithinStartGrace_Fails()
    {
        await _f.ReleaseAsync(1, 1);
        await _f.SettleAsync();
        await _f.AgentRunsEverythingAsync(_ => false);
        var started = await _f.InstancesAsync();
        await _f.Instances.MutateAsync("default", started[0].Metadata.Name, i =>
        {
            i.Status = new InstanceStatus { Phase = InstancePhase.Starting, StartedAt = _f.Time.GetUtcNow() };
            return true;
        }, default);

        _f.Time.Advance(new HealthCheck().StartGrace + TimeSpan.FromSeconds(1));
        await _f.SettleAsync();

        var release = await _f.Releases.GetAsync("default", "web-v1", default);
        Assert.Equal(ReleasePhase.Failed, release!.Status.Phase);
        Assert.Contains("did not pass its health check", release.Status.Message);
    }

    [Fact]
    public async Task ScaleIn_StopsTheExtraInstances_ThenDeletesThemOnceStopped()
    {
        await _f.ReleaseAsync(1, 3);
        await _f.SettleAsync();
        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();

        await _f.Apps.MutateAsync("default", "web", a => { a.Spec.Instances = 1; return true; }, default);
        await _f.SettleAsync();
        Assert.Equal(2, (await _f.InstancesAsync()).Count(i => i.Spec.Stop));

        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();
        Assert.Single(await _f.InstancesAsync());
    }

    [Fact]
    public async Task NodeWithoutHeartbeat_BecomesNotReady_AndItsInstancesMove()
    {
        await _f.ReleaseAsync(1, 2);
        await _f.SettleAsync();
        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();

        // a1 keeps heartbeating; b1 goes silent.
        _f.Time.Advance(_f.Options.NodeTimeout + TimeSpan.FromSeconds(1));
        await _f.Nodes.MutateAsync("default", "a1", n => { n.Status.Heartbeat = _f.Time.GetUtcNow(); return true; }, default);
        await _f.SettleAsync();

        Assert.Equal(NodePhase.NotReady, (await _f.Nodes.GetAsync("default", "b1", default))!.Status.Phase);
        var instances = await _f.InstancesAsync();
        Assert.Equal(2, instances.Count);
        Assert.All(instances, i => Assert.Equal("a1", i.Spec.Node));
        var (events, _) = await _f.Events.ListAsync("default", default);
        Assert.Contains(events, e => e.Spec.Reason == "NodeNotReady");
    }

    [Fact]
    public async Task Destroy_StopsInstances_ThenRemovesReleasesAndTheApp()
    {
        await _f.ReleaseAsync(1, 2);
        await _f.SettleAsync();
        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();

        await _f.Apps.MutateAsync("default", "web", a => { a.Metadata.DeletionRequested = _f.Time.GetUtcNow(); return true; }, default);
        await _f.SettleAsync();
        Assert.NotNull(await _f.Apps.GetAsync("default", "web", default));
        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();

        Assert.Null(await _f.Apps.GetAsync("default", "web", default));
        Assert.Empty(await _f.InstancesAsync());
        Assert.Empty((await _f.Releases.ListAsync("default", default)).Items);
    }
}
