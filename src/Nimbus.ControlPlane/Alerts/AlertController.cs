using System.Globalization;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Controllers;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.Telemetry.Series;

namespace Nimbus.ControlPlane.Alerts;

/// <summary>
/// Evaluates every alert rule on its app's newest one-second sample (once per sample, with the other controllers): a
/// condition that has held for the rule's <c>for</c> fires the alert, one that stops holding resolves it. Each change is
/// written to the alert's status, recorded as an event (AlertFiring is a warning) and sent to the webhook. No fresh
/// sample means no change: a monitoring gap neither fires nor resolves anything. Alerts of apps that are gone are
/// removed.
/// </summary>
internal sealed class AlertController(
    ResourceRepository<Alert> alerts,
    ResourceRepository<App> apps,
    SeriesStore series,
    EventRecorder events,
    AlertNotifier notifier,
    ControlPlaneOptions options) : IController
{
    private readonly Dictionary<string, Watch> _watches = new(StringComparer.Ordinal);

    public string Name => "alerts";

    public async ValueTask ReconcileAsync(ClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        var (items, _) = await alerts.ListAsync(ObjectMeta.DefaultProject, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alert in items)
        {
            var name = alert.Metadata.Name;
            if (!snapshot.Apps.Any(a => a.Metadata.Name == alert.Spec.App))
            {
                // The snapshot was read before the alerts: an app made since is not in it. Gone means gone now.
                if (await apps.GetAsync(alert.Metadata.Project, alert.Spec.App, cancellationToken).ConfigureAwait(false) is null &&
                    (await alerts.DeleteAsync(alert.Metadata.Project, name, alert.Metadata.ResourceVersion, cancellationToken).ConfigureAwait(false)).Succeeded)
                {
                    notifier.Removed(alert, snapshot.Now);
                }
                continue;
            }
            seen.Add(name);
            var samples = series.Last(alert.Spec.App, 1);
            if (samples.Length == 0 || snapshot.Now - samples[0].Time > options.MetricsInterval * 5
                || !AppMetrics.TryParse(alert.Spec.Metric, out var metric, out _))
            {
                continue;
            }
            var sample = samples[0];
            if (!_watches.TryGetValue(name, out var watch) || watch.Created != alert.Metadata.Created)
            {
                // Keyed by name and creation: a rule removed and added again under its name starts its count afresh.
                _watches[name] = watch = new Watch { Created = alert.Metadata.Created };
            }
            if (watch.Evaluated >= sample.Time)
            {
                continue;
            }
            watch.Evaluated = sample.Time;
            var value = sample.Get(metric);
            if (!double.IsFinite(value))
            {
                continue; // no data this second (a latency without requests): neither holds nor stops holding
            }
            var holds = AlertRule.Holds(alert.Spec.Operator, value, alert.Spec.Threshold);
            watch.HoldingSince = holds ? watch.HoldingSince ?? sample.Time : null;
            var firing = alert.Status.State == AlertStates.Firing;
            if (holds && !firing && sample.Time - watch.HoldingSince >= alert.Spec.For)
            {
                await ChangeAsync(alert, AlertStates.Firing, value, sample.Time, cancellationToken).ConfigureAwait(false);
            }
            else if (!holds && firing)
            {
                await ChangeAsync(alert, AlertStates.Ok, value, sample.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var gone in _watches.Keys.Where(n => !seen.Contains(n)).ToList())
        {
            _watches.Remove(gone);
        }
    }

    private async Task ChangeAsync(Alert alert, string state, double value, DateTimeOffset at, CancellationToken ct)
    {
        var updated = await alerts.MutateAsync(alert.Metadata.Project, alert.Metadata.Name, latest =>
        {
            latest.Status = new AlertStatus { State = state, Since = at, Value = double.IsFinite(value) ? Math.Round(value, 3) : null };
            return true;
        }, ct).ConfigureAwait(false);
        if (updated is null)
        {
            return;
        }
        var firing = state == AlertStates.Firing;
        var message = $"{alert.Spec.Rule}: {alert.Spec.Metric} {Format(alert.Spec.Metric, value)}";
        await events.RecordAsync($"alert/{alert.Metadata.Name}", alert.Spec.App, firing ? "AlertFiring" : "AlertResolved", message, warning: firing, ct).ConfigureAwait(false);
        notifier.Enqueue(updated, firing ? "firing" : "resolved", value, at);
    }

    internal static string Format(string metric, double value) => metric switch
    {
        _ when !double.IsFinite(value) => "no data",
        "p50" or "p95" => value.ToString("0.#", CultureInfo.InvariantCulture) + "ms",
        "cpu" => value.ToString("0.#", CultureInfo.InvariantCulture) + "%",
        "mem" => Quantities.FormatBytes((long)value),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private sealed class Watch
    {
        public DateTimeOffset Created;
        public DateTimeOffset Evaluated;
        public DateTimeOffset? HoldingSince;
    }
}
