using System.Diagnostics.Metrics;
using Nimbus.Api.Telemetry;

namespace Nimbus.Api.Tests.Telemetry;

public sealed class MetricsCollectorTests : IDisposable
{
    private readonly Meter _meter = new("Test." + Guid.NewGuid().ToString("N"));
    private readonly Meter _second;
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests()
    {
        _second = new Meter(_meter.Name + ".b");
        _collector = new MetricsCollector(meter => meter == _meter || meter == _second);
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
        _second.Dispose();
    }

    [Fact]
    public void Scrape_CounterWithTags_WritesHelpTypeAndOneLinePerTagSet()
    {
        var counter = _meter.CreateCounter<long>("test.requests", unit: "{request}", description: "Requests served.");
        counter.Add(2, new KeyValuePair<string, object?>("app", "hello"));
        counter.Add(1, new KeyValuePair<string, object?>("app", "hello"));
        counter.Add(5, new KeyValuePair<string, object?>("app", "other"));

        var lines = Lines(_collector.Scrape());

        Assert.Equal(
            ["# HELP test_requests_total Requests served.", "# TYPE test_requests_total counter",
             "test_requests_total{app=\"hello\"} 3", "test_requests_total{app=\"other\"} 5"],
            lines);
    }

    [Fact]
    public void Scrape_Histogram_CountsCumulativeBucketsWithInclusiveUpperBounds()
    {
        var histogram = _meter.CreateHistogram<double>("test.latency", "s", "Latency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        histogram.Record(0.05);
        histogram.Record(0.1); // on the bound: counts in le="0.1"
        histogram.Record(0.5);
        histogram.Record(3);

        var lines = Lines(_collector.Scrape());

        Assert.Contains("# TYPE test_latency_seconds histogram", lines);
        Assert.Contains("test_latency_seconds_bucket{le=\"0.1\"} 2", lines);
        Assert.Contains("test_latency_seconds_bucket{le=\"1\"} 3", lines);
        Assert.Contains("test_latency_seconds_bucket{le=\"+Inf\"} 4", lines);
        Assert.Contains("test_latency_seconds_sum 3.65", lines);
        Assert.Contains("test_latency_seconds_count 4", lines);
    }

    [Fact]
    public void Scrape_HistogramWithoutAdvice_UsesTheDefaultBoundsInItsUnit()
    {
        _meter.CreateHistogram<double>("test.wait", "s").Record(0.004, new KeyValuePair<string, object?>("app", "a"));

        var lines = Lines(_collector.Scrape());

        Assert.Contains("test_wait_seconds_bucket{app=\"a\",le=\"0.005\"} 1", lines);
        Assert.Contains("test_wait_seconds_bucket{app=\"a\",le=\"10\"} 1", lines);
    }

    [Fact]
    public void Scrape_ObservableGauge_ReportsExactlyWhatTheCallbackReturnsNow()
    {
        var apps = new List<string> { "a", "b" };
        _meter.CreateObservableGauge("test.in_flight", () => apps.Select(app => new Measurement<int>(apps.Count,
            new KeyValuePair<string, object?>("app", app))));

        var first = Lines(_collector.Scrape());
        apps.Remove("a");
        var second = Lines(_collector.Scrape());

        Assert.Contains("test_in_flight{app=\"a\"} 2", first);
        Assert.Contains("test_in_flight{app=\"b\"} 2", first);
        Assert.DoesNotContain(second, line => line.Contains("app=\"a\"", StringComparison.Ordinal));
        Assert.Contains("test_in_flight{app=\"b\"} 1", second);
    }

    [Fact]
    public void Scrape_ObservableCounter_IsACounterOfTheReportedTotal()
    {
        long total = 41;
        _meter.CreateObservableCounter("test.cpu.time", () => ++total, unit: "s");

        var lines = Lines(_collector.Scrape());

        Assert.Contains("# TYPE test_cpu_time_seconds_total counter", lines);
        Assert.Contains("test_cpu_time_seconds_total 42", lines);
    }

    [Fact]
    public void Scrape_LabelValues_AreEscapedAndLabelNamesSanitized()
    {
        _meter.CreateUpDownCounter<int>("test.odd-name", unit: "By").Add(-3,
            new KeyValuePair<string, object?>("http.route", "a\"b\\c\nd"));

        var lines = Lines(_collector.Scrape());

        Assert.Contains("# TYPE test_odd_name_bytes gauge", lines);
        Assert.Contains("test_odd_name_bytes{http_route=\"a\\\"b\\\\c\\nd\"} -3", lines);
    }

    [Fact]
    public void Scrape_SameSeriesFromTwoMeters_IsAddedIntoOneLine()
    {
        var tag = new KeyValuePair<string, object?>("app", "hello");
        _meter.CreateCounter<long>("test.shared").Add(2, tag);
        _second.CreateCounter<long>("test.shared").Add(3, tag);

        var lines = Lines(_collector.Scrape());

        Assert.Single(lines, line => line.StartsWith("test_shared_total{", StringComparison.Ordinal));
        Assert.Contains("test_shared_total{app=\"hello\"} 5", lines);
    }

    [Fact]
    public void Forget_DropsTheSeriesWithThatTag_AndTheyCanComeBackFromZero()
    {
        var histogram = _meter.CreateHistogram<double>("test.gone", "s");
        histogram.Record(1, new KeyValuePair<string, object?>("app", "a"));
        histogram.Record(1, new KeyValuePair<string, object?>("app", "b"));

        _collector.Forget(histogram, new KeyValuePair<string, object?>("app", "a"));
        var after = Lines(_collector.Scrape());
        histogram.Record(2, new KeyValuePair<string, object?>("app", "a"));
        var again = Lines(_collector.Scrape());

        Assert.DoesNotContain(after, line => line.Contains("app=\"a\"", StringComparison.Ordinal));
        Assert.Contains("test_gone_seconds_count{app=\"b\"} 1", after);
        Assert.Contains("test_gone_seconds_sum{app=\"a\"} 2", again);
    }

    [Fact]
    public void Scrape_AnObservableCallbackThatThrows_StillWritesTheOthers()
    {
        _meter.CreateObservableGauge<int>("test.broken", (Func<int>)(() => throw new IOException("cgroup gone")));
        _meter.CreateObservableGauge("test.fine", () => 7);

        var lines = Lines(_collector.Scrape());

        Assert.Contains("test_fine 7", lines);
    }

    [Fact]
    public void Record_ManyDistinctTagValues_KeepsAtMostTheBound()
    {
        var counter = _meter.CreateCounter<long>("test.cardinality");
        for (var i = 0; i < SeriesTableBound + 100; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("key", i));
        }

        var lines = Lines(_collector.Scrape());

        Assert.Equal(SeriesTableBound, lines.Count(line => line.StartsWith("test_cardinality_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Record_FromManyThreads_LosesNoMeasurement()
    {
        var counter = _meter.CreateCounter<double>("test.parallel");
        var histogram = _meter.CreateHistogram<long>("test.parallel.sizes", "By");
        var tag = new KeyValuePair<string, object?>("app", "hello");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(0.5, tag);
                histogram.Record(100, tag);
            }
        })));

        var lines = Lines(_collector.Scrape());

        Assert.Contains("test_parallel_total{app=\"hello\"} 20000", lines);
        Assert.Contains("test_parallel_sizes_bytes_count{app=\"hello\"} 40000", lines);
        Assert.Contains("test_parallel_sizes_bytes_sum{app=\"hello\"} 4000000", lines);
    }

    [Theory]
    [InlineData("nimbus.edge.request.duration", "s", "nimbus_edge_request_duration_seconds")]
    [InlineData("dotnet.gc.collections", "{collection}", "dotnet_gc_collections")]
    [InlineData("nimbus.instance.memory.usage", "By", "nimbus_instance_memory_usage_bytes")]
    [InlineData("9lives", "1", "_9lives")]
    [InlineData("rate", "By/s", "rate_By_per_s")]
    public void Metric_Name_FollowsTheOpenTelemetryPrometheusRules(string name, string unit, string expected)
    {
        var gauge = _meter.CreateGauge<int>(name, unit);

        Assert.Equal(expected, PrometheusNames.Metric(gauge, PrometheusType.Gauge));
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.25, "0.25")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(1e20, "1E+20")]
    public void Format_WritesGoFloatSyntax(double value, string expected) =>
        Assert.Equal(expected, MetricFamily.Format(value));

    private const int SeriesTableBound = SeriesTable<object>.MaxSeries;

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
}
