using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Alerts;
using Nimbus.ControlPlane.Telemetry.Series;
using Nimbus.ControlPlane.Tests.Controllers;

namespace Nimbus.ControlPlane.Tests.Alerts;

public sealed class AlertControllerTests : IAsyncLifetime
{
    private readonly ControllerFixture _f = new();
    private readonly SeriesStore _series = new();
    private AlertController _alerts = null!;

    public async Task InitializeAsync()
    {
        await _f.AddNodeAsync("a1", "a");
        await _f.ReleaseAsync(1, 1);
        _alerts = new AlertController(_f.Alerts, _f.Apps, _series, _f.Recorder, new AlertNotifier(_f.Time, NullLogger<AlertNotifier>.Instance), new ControlPlaneOptions());
        var spec = new AlertSpec { App = "web" };
        Assert.Null(AlertRule.TryParse("p95 > 500ms for 5s", spec));
        await _f.Alerts.CreateAsync(new Alert { Metadata = new ObjectMeta { Name = "slow" }, Spec = spec }, default);
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task ConditionHeldForItsDuration_Fires_ThenResolvesWhenItStops()
    {
        await SecondsAsync(4, p95: 800);
        Assert.Equal(AlertStates.Ok, await StateAsync());

        await SecondsAsync(2, p95: 800);
        Assert.Equal(AlertStates.Firing, await StateAsync());

        await SecondsAsync(1, p95: 100);
        Assert.Equal(AlertStates.Ok, await StateAsync());
        var events = (await _f.Events.ListAsync("default", default)).Items.Where(e => e.Spec.Object == "alert/slow").ToList();
        Assert.Equal(["AlertFiring", "AlertResolved"], events.Select(e => e.Spec.Reason));
        Assert.Equal("Warning", events[0].Spec.Type);
        Assert.Equal("p95 > 500ms for 5s: p95 800ms", events[0].Spec.Message);
    }

    [Fact]
    public async Task ADipBeforeTheDuration_StartsTheCountAgain()
    {
        await SecondsAsync(4, p95: 800);
        await SecondsAsync(1, p95: 100);
        await SecondsAsync(4, p95: 800);

        Assert.Equal(AlertStates.Ok, await StateAsync());
    }

    [Fact]
    public async Task NoSamples_ChangeNothing()
    {
        await SecondsAsync(7, p95: 800);
        Assert.Equal(AlertStates.Firing, await StateAsync());

        _f.Time.Advance(TimeSpan.FromMinutes(1));
        await _alerts.ReconcileAsync(await _f.Reader.ReadAsync(default), default);

        Assert.Equal(AlertStates.Firing, await StateAsync());
    }

    [Fact]
    public async Task TheAppIsGone_ItsAlertsAreRemoved()
    {
        await _f.Apps.DeleteAsync("default", "web", (await _f.Apps.GetAsync("default", "web", default))!.Metadata.ResourceVersion, default);

        await _alerts.ReconcileAsync(await _f.Reader.ReadAsync(default), default);

        Assert.Null(await _f.Alerts.GetAsync("default", "slow", default));
    }

    [Fact]
    public void Payload_WithoutAValue_LeavesItOut()
    {
        var alert = new Alert { Metadata = new ObjectMeta { Name = "slow" }, Spec = new AlertSpec { App = "web", Rule = "p95 > 500ms" } };

        var json = AlertNotifier.Payload(alert, "resolved", double.NaN, new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

        Assert.DoesNotContain("value", json);
        Assert.Contains("\"state\":\"resolved\"", json);
    }

    [Fact]
    public void Payload_CarriesTheAlertItsStateAndValue()
    {
        var alert = new Alert { Metadata = new ObjectMeta { Name = "slow" }, Spec = new AlertSpec { App = "web", Rule = "p95 > 500ms" } };

        var json = AlertNotifier.Payload(alert, "firing", 812.34567, new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal("""{"alert":"slow","app":"web","rule":"p95 \u003E 500ms","state":"firing","value":812.346,"time":"2026-11-22T12:00:00+00:00"}""", json);
    }

    private async Task SecondsAsync(int seconds, double p95)
    {
        for (var i = 0; i < seconds; i++)
        {
            _f.Time.Advance(TimeSpan.FromSeconds(1));
            _series.Add("web", new AppSample(_f.Time.GetUtcNow(), 10, 0, p95 / 2, p95, 0, 0, 0));
            await _alerts.ReconcileAsync(await _f.Reader.ReadAsync(default), default);
        }
    }

    private async Task<string> StateAsync() => (await _f.Alerts.GetAsync("default", "slow", default))!.Status.State;
}
