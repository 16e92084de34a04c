using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Tests.Controllers;

/// <summary>Instances asked to stop now spend their drain as Stopping (not ready, still running) before they report
/// Stopped: the controller must neither replace them early nor delete them before they are done.</summary>
public sealed class AppControllerDrainTests : IAsyncLifetime
{
    private readonly ControllerFixture _f = new();

    public async Task InitializeAsync()
    {
        await _f.AddNodeAsync("a1", "a");
        await _f.AddNodeAsync("b1", "b");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task ScaleIn_WhileTheExtraInstancesDrain_NothingIsCreatedOrDeleted()
    {
        await _f.ReleaseAsync(1, 3);
        await _f.SettleAsync();
        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();
        var before = (await _f.InstancesAsync()).Select(i => i.Metadata.Name).ToHashSet();

        await _f.Apps.MutateAsync("default", "web", a => { a.Spec.Instances = 1; return true; }, default);
        await _f.SettleAsync();
        for (var step = 0; step < 5; step++)
        {
            await AgentDrainsAsync();
            _f.Time.Advance(TimeSpan.FromSeconds(1));
            await _f.SettleAsync();
        }

        var instances = await _f.InstancesAsync();
        Assert.Equal(before, instances.Select(i => i.Metadata.Name).ToHashSet());
        Assert.Equal(2, instances.Count(i => i.Spec.Stop && i.Status.Phase == InstancePhase.Stopping));
        Assert.Equal(AppPhase.Running, (await _f.Apps.GetAsync("default", "web", default))!.Status.Phase);

        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();
        Assert.Single(await _f.InstancesAsync());
    }

    [Fact]
    public async Task RollingUpdate_WithDrainingOldInstances_CreatesOnlyTheNewOnesAndFinishes()
    {
        await _f.ReleaseAsync(1, 2);
        await _f.SettleAsync();
        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();
        var created = (await _f.InstancesAsync()).Select(i => i.Metadata.Name).ToHashSet();

        await _f.ReleaseAsync(2, 2);
        for (var step = 0; step < 20; step++)
        {
            await _f.SettleAsync();
            var instances = await _f.InstancesAsync();
            created.UnionWith(instances.Select(i => i.Metadata.Name));
            Assert.True(instances.Count(i => i.Status.Ready && !i.Spec.Stop) >= 2, $"step {step}: fewer than 2 serve");
            if (instances.Count == 2 && instances.All(i => i.Spec.Release == "web-v2" && i.Status.Ready))
            {
                Assert.Equal(4, created.Count);
                Assert.Equal(ReleasePhase.Ready, (await _f.Releases.GetAsync("default", "web-v2", default))!.Status.Phase);
                return;
            }
            // Each old instance drains for one step (Stopping) before it reports Stopped.
            await AgentDrainsAsync(finishDrained: true);
            _f.Time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Fail("the rollout did not finish in 20 steps");
    }

    /// <summary>Plays an agent that drains: an instance asked to stop first reports Stopping and not ready (and, with
    /// <paramref name="finishDrained"/>, one already Stopping reports Stopped); the others become ready.</summary>
    private async Task AgentDrainsAsync(bool finishDrained = false)
    {
        foreach (var instance in (await _f.InstancesAsync()).Where(i => i.Spec.Node.Length > 0))
        {
            await _f.Instances.MutateAsync("default", instance.Metadata.Name, i =>
            {
                i.Status = (i.Spec.Stop, i.Status.Phase) switch
                {
                    (true, InstancePhase.Stopping) when finishDrained => new InstanceStatus { Phase = InstancePhase.Stopped, EverReady = true },
                    (true, _) => new InstanceStatus { Phase = InstancePhase.Stopping, EverReady = true, Pid = 42, Message = "draining for 1s" },
                    _ => new InstanceStatus { Phase = InstancePhase.Running, Ready = true, EverReady = true, StartedAt = _f.Time.GetUtcNow() },
                };
                return true;
            }, default);
        }
    }
}
