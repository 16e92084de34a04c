using Microsoft.Extensions.Logging;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Controllers;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.Telemetry.Series;

namespace Nimbus.ControlPlane.Autoscaling;

/// <summary>
/// Sets <c>spec.instances</c> of every app whose running release has an <c>autoscale:</c> section, from the newest
/// seconds of the <see cref="SeriesStore"/> (the controllers pass at least once a second). Adds instances at once;
/// removes them only when every recommendation of the scale-down window allows it, so a dip does not flap. Each
/// change is an Event carrying its inputs.
/// </summary>
internal sealed partial class AutoscaleController(
    SeriesStore series,
    ResourceRepository<App> apps,
    EventRecorder events,
    ControlPlaneOptions options,
    ILogger<AutoscaleController> logger) : IController
{
    /// <summary>Seconds of samples averaged per decision: one second alone is too noisy at low rates.</summary>
    private const int Samples = 3;

    /// <summary>Samples older than this are not acted on (the scraper is behind or targets are not answering).</summary>
    private TimeSpan MaxSampleAge => options.MetricsInterval * 5;

    private readonly Dictionary<string, History> _history = new(StringComparer.Ordinal);

    public string Name => "autoscaler";

    public async ValueTask ReconcileAsync(ClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var app in snapshot.Apps)
        {
            if (app.Metadata.DeletionRequested is not null
                || snapshot.FindRelease(app.Metadata.Name, app.Spec.Release)?.Spec.Manifest is not { Autoscale: { } settings } manifest)
            {
                continue;
            }
            seen.Add(app.Metadata.Name);
            if (Decide(app, settings, manifest.CpuMillis, snapshot) is { } decision)
            {
                await ApplyAsync(app, decision, cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var gone in _history.Keys.Where(name => !seen.Contains(name)).ToList())
        {
            _history.Remove(gone);
        }
    }

    private Decision? Decide(App app, AutoscaleSettings settings, long cpuMillis, ClusterSnapshot snapshot)
    {
        var name = app.Metadata.Name;
        var current = app.Spec.Instances;
        if (current < settings.Min || current > settings.Max)
        {
            var bound = Math.Clamp(current, settings.Min, settings.Max);
            return new Decision(current, bound, $"{(bound > current ? "below autoscale min" : "above autoscale max")} {bound}");
        }
        var samples = series.Last(name, Samples);
        var instances = snapshot.InstancesOf(name).ToList();
        var ready = instances.Count(i => i.Status.Ready && !i.Spec.Stop);
        var running = instances.Count(i => i.Status.Phase is InstancePhase.Starting or InstancePhase.Running or InstancePhase.Stopping);
        if (samples.Length == 0 || snapshot.Now - samples[^1].Time > MaxSampleAge || ready == 0)
        {
            if (ready == 0)
            {
                // Nothing to measure on (scaled to zero, starting, all crashed): what comes next is watched afresh.
                _history.Remove(name);
            }
            return null;
        }
        var newest = samples[^1].Time;
        if (!_history.TryGetValue(name, out var history) || history.Release != app.Spec.Release || history.Instances != current
            || history.IsStale(newest, MaxSampleAge))
        {
            // A new app or release, a count someone else set (`nimbus scale`, an edge waking the app from zero), or a
            // gap in what was measured: the window is watched from here again.
            _history[name] = history = new History(app.Spec.Release, current, snapshot.Now);
        }
        var observed = AutoscaleObservation.Of(settings, samples, ready, running, cpuMillis);
        var recommendation = HpaRule.Recommend(current, ready, observed.Ratio, settings.Min, settings.Max);
        history.Add(newest, recommendation, settings.ScaleDownWindow);
        // Until the window has been watched once (a new app, a restarted control plane), nothing is removed.
        var window = snapshot.Now - history.Since >= settings.ScaleDownWindow ? history.Recommendations : [int.MaxValue];
        var desired = HpaRule.Stabilize(current, recommendation, window);
        return desired == current ? null : new Decision(current, desired, observed.Describe());
    }

    private async Task ApplyAsync(App app, Decision decision, CancellationToken ct)
    {
        var name = app.Metadata.Name;
        var updated = await apps.MutateAsync(app.Metadata.Project, name, latest =>
        {
            // Someone else changed it since the snapshot (a deploy, `nimbus scale`): decide again on the next pass.
            if (latest.Spec.Instances != decision.From || latest.Metadata.DeletionRequested is not null)
            {
                return false;
            }
            latest.Spec.Instances = decision.To;
            return true;
        }, ct).ConfigureAwait(false);
        if (updated?.Spec.Instances == decision.To)
        {
            if (_history.TryGetValue(name, out var history))
            {
                history.Instances = decision.To;
            }
            var message = $"scaled {decision.From}→{decision.To}: {decision.Reason}";
            LogScaled(name, message);
            await events.NormalAsync($"app/{name}", name, "Autoscaled", message, ct).ConfigureAwait(false);
        }
    }

    private sealed record Decision(int From, int To, string Reason);

    /// <summary>An app's recommendations over the scale-down window — one per sample, however many passes saw it —
    /// and since when it has been watched without a gap.</summary>
    private sealed class History(string release, int instances, DateTimeOffset since)
    {
        private readonly Queue<(DateTimeOffset At, int Recommendation)> _items = new();
        private DateTimeOffset? _last;

        public string Release { get; } = release;

        /// <summary>The count the autoscaler last saw or set; any other count was set by someone else.</summary>
        public int Instances { get; set; } = instances;

        public DateTimeOffset Since { get; } = since;

        public IEnumerable<int> Recommendations => _items.Select(static i => i.Recommendation);

        /// <summary>True when the samples stopped for longer than <paramref name="gap"/> before <paramref name="newest"/>.</summary>
        public bool IsStale(DateTimeOffset newest, TimeSpan gap) =>
            _last is { } last && newest - last > gap;

        /// <param name="sampleTime">The newest sample's time: a pass that sees no newer sample adds nothing.</param>
        /// <param name="recommendation">What the rule recommends on the samples up to it.</param>
        /// <param name="window">The scale-down window: older recommendations are dropped.</param>
        public void Add(DateTimeOffset sampleTime, int recommendation, TimeSpan window)
        {
            if (_last >= sampleTime)
            {
                return;
            }
            _last = sampleTime;
            _items.Enqueue((sampleTime, recommendation));
            while (_items.Count > 0 && sampleTime - _items.Peek().At > window)
            {
                _items.Dequeue();
            }
        }
    }

    [LoggerMessage(2801, LogLevel.Information, "Autoscaler: {App} {Message}")]
    private partial void LogScaled(string app, string message);
}
