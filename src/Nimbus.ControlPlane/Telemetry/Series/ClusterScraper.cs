using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.Api.Resources;
using Nimbus.Api.Telemetry;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Telemetry.Series;

/// <summary>Every <see cref="ControlPlaneOptions.MetricsInterval"/>: scrapes the /metrics of every edge (requests,
/// latency, in-flight) and every node agent (instances' CPU and memory), turns counters into per-second rates, and
/// adds one sample per app to the <see cref="SeriesStore"/>. A round in which a target did not answer in time adds no
/// samples at all — a gap, never a false zero the autoscaler would take for an idle app — and that target's counters
/// resume from the last values it gave.</summary>
internal sealed partial class ClusterScraper(
    ResourceRepository<EdgeNode> edges,
    ResourceRepository<Node> nodes,
    ResourceRepository<App> apps,
    SeriesStore store,
    ControlPlaneOptions options,
    TimeProvider time,
    ILogger<ClusterScraper> logger) : BackgroundService
{
    private const int MaxBodyBytes = 8 << 20;
    private readonly Dictionary<string, TargetState> _targets = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1), PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = MaxBodyBytes,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.MetricsInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await ScrapeOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRoundFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal async Task ScrapeOnceAsync(CancellationToken ct)
    {
        var appNames = (await apps.ListAsync(ObjectMeta.DefaultProject, ct).ConfigureAwait(false)).Items.Select(a => a.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var urls = (await edges.ListAsync(null, ct).ConfigureAwait(false)).Items.Select(e => e.Spec.Admin)
            .Concat((await nodes.ListAsync(null, ct).ConfigureAwait(false)).Items.Where(n => n.Status.Phase == NodePhase.Ready).Select(n => n.Spec.Address))
            .Where(url => url.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var texts = await Task.WhenAll(urls.Select(url => FetchAsync(url, ct))).ConfigureAwait(false);
        var now = time.GetUtcNow();

        var complete = true;
        var rounds = new Dictionary<string, AppAccumulator>(StringComparer.Ordinal);
        AppAccumulator? For(string app) => appNames.Contains(app) ? rounds.TryGetValue(app, out var a) ? a : rounds[app] = new AppAccumulator() : null;
        for (var i = 0; i < urls.Count; i++)
        {
            if (texts[i] is not { } text)
            {
                complete = false;
                continue;
            }
            var (samples, _) = PrometheusTextParser.Parse(text, TargetState.Wanted);
            if (!_targets.TryGetValue(urls[i], out var state))
            {
                _targets[urls[i]] = state = new TargetState();
            }
            state.Apply(samples, now, For);
        }
        foreach (var gone in _targets.Keys.Where(url => !urls.Contains(url)).ToList())
        {
            _targets.Remove(gone);
        }
        if (complete)
        {
            foreach (var app in appNames)
            {
                store.Add(app, (rounds.GetValueOrDefault(app) ?? new AppAccumulator()).ToSample(now));
            }
        }
        else
        {
            LogIncompleteRound(texts.Count(t => t is null), urls.Count);
        }
        store.Retain(appNames);
    }

    private async Task<string?> FetchAsync(string baseUrl, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.MetricsInterval * 0.8);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl.TrimEnd('/') + "/metrics");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminToken);
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or UriFormatException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(2701, LogLevel.Warning, "A metrics scrape round failed; the next one tries again")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(2702, LogLevel.Debug, "{Missing} of {Targets} metrics targets did not answer in time: no samples this second")]
    private partial void LogIncompleteRound(int missing, int targets);
}
