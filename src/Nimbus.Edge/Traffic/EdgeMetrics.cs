using System.Diagnostics.Metrics;
using Nimbus.Api.Contracts;
using Nimbus.Api.Telemetry;

namespace Nimbus.Edge.Traffic;

/// <summary>The edge's instruments (meter <c>Nimbus.Edge</c>): the request-duration histogram is recorded on the
/// request path; everything else is read from the per-app counters when a scrape asks.</summary>
internal sealed class EdgeMetrics
{
    public const string MeterName = "Nimbus.Edge";

    /// <param name="factory">The host's meter factory.</param>
    /// <param name="collector">The host's collector: taken here so it listens before the first request counts.</param>
    /// <param name="apps">The counters of every app, read at each scrape.</param>
    public EdgeMetrics(IMeterFactory factory, MetricsCollector collector, Func<IEnumerable<AppTrafficCounters>> apps)
    {
        GC.KeepAlive(collector);
        var meter = factory.Create(MeterName);
        Duration = meter.CreateHistogram<double>("nimbus.edge.request.duration", "s",
            "Time from a request's arrival at the edge to the end of its response, per app.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Array.ConvertAll(AppTrafficCounters.BucketBoundsMs, static ms => ms / 1000) });

        meter.CreateObservableCounter("nimbus.edge.requests", () => Each(apps(), static (traffic, into) =>
        {
            foreach (var (statusClass, count) in traffic.Status)
            {
                into.Add(new Measurement<long>(count, App(traffic), new("code", statusClass)));
            }
        }), "{request}", "Requests answered, per app and status class.");
        meter.CreateObservableUpDownCounter("nimbus.edge.requests.in_flight",
            () => Each(apps(), static (traffic, into) => into.Add(new(traffic.InFlight, App(traffic)))), "{request}",
            "Requests the edge is working on, per app.");
        meter.CreateObservableCounter("nimbus.edge.received",
            () => Each(apps(), static (traffic, into) => into.Add(new(traffic.BytesIn, App(traffic)))), "By",
            "Request body bytes received from clients, per app.");
        meter.CreateObservableCounter("nimbus.edge.sent",
            () => Each(apps(), static (traffic, into) => into.Add(new(traffic.BytesOut, App(traffic)))), "By",
            "Response body bytes sent to clients, per app.");
        meter.CreateObservableCounter("nimbus.edge.rate_limited",
            () => Each(apps(), static (traffic, into) => into.Add(new(traffic.RateLimited, App(traffic)))), "{request}",
            "Requests refused with 429 by the app's rate limit.");
        meter.CreateObservableCounter("nimbus.edge.retries",
            () => Each(apps(), static (traffic, into) => into.Add(new(traffic.Retries, App(traffic)))), "{request}",
            "Requests retried on another instance.");
        meter.CreateObservableCounter("nimbus.edge.cache.lookups", () => Each(apps(), static (traffic, into) =>
        {
            into.Add(new(traffic.CacheHits, App(traffic), new("result", "hit")));
            into.Add(new(traffic.CacheMisses, App(traffic), new("result", "miss")));
        }), "{request}", "HTTP cache lookups, per app and result.");
    }

    public Histogram<double> Duration { get; }

    private static KeyValuePair<string, object?> App(AppTraffic traffic) => new("app", traffic.App);

    private static List<Measurement<long>> Each(IEnumerable<AppTrafficCounters> apps, Action<AppTraffic, List<Measurement<long>>> add)
    {
        var measurements = new List<Measurement<long>>();
        foreach (var counters in apps)
        {
            add(counters.Snapshot(), measurements);
        }
        return measurements;
    }
}
