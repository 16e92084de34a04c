using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Autoscaling;
using Nimbus.ControlPlane.Telemetry.Series;
using Nimbus.ControlPlane.Tests.Controllers;

namespace Nimbus.ControlPlane.Tests.Autoscaling;

public sealed class AutoscaleControllerTests : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    private readonly ControllerFixture _f = new();
    private readonly SeriesStore _series = new();
    private AutoscaleController _autoscaler = null!;

    public async Task InitializeAsync()
    {
        await _f.AddNodeAsync("a1", "a");
        _autoscaler = new AutoscaleController(_series, _f.Apps, _f.Recorder, new ControlPlaneOptions(), NullLogger<AutoscaleController>.Instance);
        await _f.ReleaseAsync(1, 2, new AppManifest
        {
            Run = "serve",
            Autoscale = new AutoscaleSettings { Min = 1, Max = 6, Metric = AutoscaleMetrics.Rps, Target = 100, ScaleDownWindow = Window },
        });
        await RunAsync();
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task Load_ScalesUpAtOnce_WithAnEventSayingWhy()
    {
        await SecondsAsync(3, rps: 480);

        Assert.Equal(5, await InstancesAsync());
        var events = (await _f.Events.ListAsync("default", default)).Items;
        Assert.Contains(events, e => e.Spec.Reason == "Autoscaled" && e.Spec.Message == "scaled 2→5: rps/instance 240 > target 100");
    }

    [Fact]
    public async Task LoadDrops_InstancesStayForTheWindow_ThenGoBackToTheMin()
    {
        await SecondsAsync(3, rps: 480);
        Assert.Equal(5, await InstancesAsync());

        await SecondsAsync((int)Window.TotalSeconds - 5, rps: 0);
        Assert.Equal(5, await InstancesAsync());

        await SecondsAsync(10, rps: 0);
        Assert.Equal(1, await InstancesAsync());
    }

    [Fact]
    public async Task ABriefDip_InsideTheWindow_RemovesNothing()
    {
        await SecondsAsync(3, rps: 480);
        await SecondsAsync((int)Window.TotalSeconds + 5, rps: 480);
        await SecondsAsync(5, rps: 0);
        await SecondsAsync(5, rps: 480);

        Assert.Equal(5, await InstancesAsync());
    }

    [Fact]
    public async Task AGapInTheSamples_StartsTheWindowAgain()
    {
        await SecondsAsync(3, rps: 480);
        await SecondsAsync((int)Window.TotalSeconds + 5, rps: 480);

        // No samples for a while (targets not answering), then low load: not acted on before a whole window.
        for (var i = 0; i < 20; i++)
        {
            _f.Time.Advance(TimeSpan.FromSeconds(1));
            await _f.Nodes.MutateAsync("default", "a1", n => { n.Status.Heartbeat = _f.Time.GetUtcNow(); return true; }, default);
            await RunAsync();
        }
        await SecondsAsync(10, rps: 0);
        Assert.Equal(5, await InstancesAsync());

        await SecondsAsync((int)Window.TotalSeconds, rps: 0);
        Assert.Equal(1, await InstancesAsync());
    }

    [Fact]
    public async Task LoadWithinTolerance_ChangesNothing()
    {
        await SecondsAsync(5, rps: 209);

        Assert.Equal(2, await InstancesAsync());
    }

    [Fact]
    public async Task ManualScaleAboveMax_IsBroughtBackToTheMax()
    {
        await _f.Apps.MutateAsync("default", "web", a => { a.Spec.Instances = 9; return true; }, default);

        await RunAsync();

        Assert.Equal(6, await InstancesAsync());
        var events = (await _f.Events.ListAsync("default", default)).Items;
        Assert.Contains(events, e => e.Spec.Message == "scaled 9→6: above autoscale max 6");
    }

    [Fact]
    public async Task NoSamples_DecidesNothing()
    {
        _f.Time.Advance(TimeSpan.FromMinutes(5));
        await RunAsync();

        Assert.Equal(2, await InstancesAsync());
    }

    /// <summary>Each second: the node heartbeats, the store gets a sample, the agent makes every instance ready, the
    /// controllers pass.</summary>
    private async Task SecondsAsync(int seconds, double rps)
    {
        for (var i = 0; i < seconds; i++)
        {
            _f.Time.Advance(TimeSpan.FromSeconds(1));
            await _f.Nodes.MutateAsync("default", "a1", n => { n.Status.Heartbeat = _f.Time.GetUtcNow(); return true; }, default);
            _series.Add("web", new AppSample(_f.Time.GetUtcNow(), rps, 0, double.NaN, double.NaN, 0, 0, 0));
            await RunAsync();
        }
    }

    private async Task RunAsync()
    {
        await _f.SettleAsync();
        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();
        await _autoscaler.ReconcileAsync(await _f.Reader.ReadAsync(default), default);
        await _f.SettleAsync();
        await _f.AgentRunsEverythingAsync();
        await _f.SettleAsync();
    }

    private async Task<int> InstancesAsync() => (await _f.Apps.GetAsync("default", "web", default))!.Spec.Instances;
}
