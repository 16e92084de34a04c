using Nimbus.Api.Telemetry;
using Nimbus.ControlPlane.Telemetry.Series;

namespace Nimbus.ControlPlane.Tests.Telemetry.Series;

public sealed class SeriesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.5, 0.075)]   // rank 50 of 100: halfway through the (0.05, 0.1] bucket that holds ranks 26..75
    [InlineData(0.85, 0.175)]  // rank 85: halfway through (0.1, 0.25], which holds 76..95
    [InlineData(0.99, 0.25)]   // beyond the last finite bound: that bound
    public void HistogramQuantile_InterpolatesInsideTheBucket(double q, double expected)
    {
        double[] bounds = [0.05, 0.1, 0.25, double.PositiveInfinity];
        double[] cumulative = [25, 75, 95, 100];

        Assert.Equal(expected, HistogramQuantile.Of(q, bounds, cumulative), 6);
    }

    [Fact]
    public void HistogramQuantile_NoObservations_IsNaN() =>
        Assert.True(double.IsNaN(HistogramQuantile.Of(0.95, [0.1, double.PositiveInfinity], [0, 0])));

    [Fact]
    public void TargetState_CountersBecomeRatesFromTheSecondScrape_AndAResetCountsFromZero()
    {
        var state = new TargetState();
        var app = new AppAccumulator();

        state.Apply(Samples(requests: 100, fivexx: 10, cpu: 5, memory: 1000, inFlight: 3), T0, _ => app);
        var first = app.ToSample(T0);
        app = new AppAccumulator();
        state.Apply(Samples(requests: 150, fivexx: 12, cpu: 6, memory: 2000, inFlight: 4), T0.AddSeconds(2), _ => app);
        var second = app.ToSample(T0.AddSeconds(2));
        app = new AppAccumulator();
        state.Apply(Samples(requests: 20, fivexx: 0, cpu: 1, memory: 2000, inFlight: 0), T0.AddSeconds(3), _ => app);
        var afterReset = app.ToSample(T0.AddSeconds(3));

        Assert.Equal(0, first.Rps);
        Assert.Equal(3, first.InFlight);
        Assert.Equal(1000, first.MemoryBytes);
        Assert.Equal(50 / 2.0, second.Rps);
        Assert.Equal(1, second.Errors);
        Assert.Equal(0.5, second.CpuCores);
        Assert.Equal(20, afterReset.Rps);
        Assert.Equal(1, afterReset.CpuCores);
    }

    [Fact]
    public void TargetState_ASeriesFirstSeenLater_OnlySetsItsBaseline()
    {
        var state = new TargetState();
        state.Apply(Samples(requests: 10, fivexx: 0, cpu: 0, memory: 0, inFlight: 0).Where(s => !s.Name.Contains("cpu", StringComparison.Ordinal)).ToList(), T0, _ => new AppAccumulator());
        var app = new AppAccumulator();

        // The instance's CPU counter appears now with 3 s used since it started: not 3 cores for this second.
        state.Apply(Samples(requests: 10, fivexx: 0, cpu: 3, memory: 0, inFlight: 0), T0.AddSeconds(1), _ => app);

        Assert.Equal(0, app.ToSample(T0.AddSeconds(1)).CpuCores);
    }

    [Fact]
    public void TargetState_ValuesThatAreNoCounter_AreIgnored()
    {
        var state = new TargetState();
        state.Apply(Samples(requests: 10, fivexx: 0, cpu: 1, memory: 0, inFlight: 0), T0, _ => new AppAccumulator());
        state.Apply(Samples(requests: 10, fivexx: 0, cpu: double.NaN, memory: 0, inFlight: 0), T0.AddSeconds(1), _ => new AppAccumulator());
        var app = new AppAccumulator();

        state.Apply(Samples(requests: 10, fivexx: 0, cpu: 1.5, memory: 0, inFlight: 0), T0.AddSeconds(2), _ => app);

        Assert.Equal(0, app.ToSample(T0.AddSeconds(2)).CpuCores); // the NaN broke the chain: a new baseline, not 1.5 cores
    }

    [Fact]
    public void TargetState_LatencyBucketsOfTheInterval_GiveItsQuantiles()
    {
        var state = new TargetState();
        var app = new AppAccumulator();
        state.Apply(Buckets(0, 0, 0), T0, _ => app);
        app = new AppAccumulator();

        // 100 requests in the second: 90 at or below 10 ms, 10 more at or below 100 ms.
        state.Apply(Buckets(90, 100, 100), T0.AddSeconds(1), _ => app);
        var sample = app.ToSample(T0.AddSeconds(1));

        Assert.Equal(100 * 0.5 / 90 * 10, sample.P50Ms, 3);
        Assert.Equal(10 + 90 * 0.5, sample.P95Ms, 3);
    }

    [Fact]
    public void TargetState_SamplesOfUnknownApps_AreIgnored()
    {
        var state = new TargetState();
        var asked = new List<string>();

        state.Apply(Samples(1, 0, 0, 0, 0), T0, name => { asked.Add(name); return null; });

        Assert.All(asked, name => Assert.Equal("hello", name));
    }

    [Fact]
    public void SeriesStore_RecentWindow_HasOneSecondSteps_OlderRangesTenSecondMeans()
    {
        var store = new SeriesStore();
        for (var i = 0; i < 30; i++)
        {
            store.Add("hello", new AppSample(T0.AddSeconds(i), i, 0, double.NaN, double.NaN, 0, 0, 0));
        }
        var now = T0.AddSeconds(29);

        var (fine, fineStep) = store.Since("hello", now.AddSeconds(-9.5), now);
        var (coarse, coarseStep) = store.Since("hello", now.AddHours(-1), now);

        Assert.Equal(TimeSpan.FromSeconds(1), fineStep);
        Assert.Equal(Enumerable.Range(20, 10).Select(i => (double)i), fine.Select(s => s.Rps));
        Assert.Equal(TimeSpan.FromSeconds(10), coarseStep);
        Assert.Equal([4.5, 14.5, 24.5], coarse.Select(s => s.Rps));
        Assert.True(double.IsNaN(coarse[0].P95Ms));
        Assert.Equal([27.0, 28, 29], store.Last("hello", 3).Select(s => s.Rps));
        Assert.Empty(store.Last("other", 3));
    }

    [Fact]
    public void SeriesStore_Retain_DropsAppsThatAreGone()
    {
        var store = new SeriesStore();
        store.Add("a", new AppSample(T0, 1, 0, 0, 0, 0, 0, 0));
        store.Add("b", new AppSample(T0, 1, 0, 0, 0, 0, 0, 0));

        store.Retain(new HashSet<string> { "b" });

        Assert.Empty(store.Last("a", 1));
        Assert.Single(store.Last("b", 1));
    }

    private static List<PrometheusSample> Samples(double requests, double fivexx, double cpu, double memory, double inFlight) =>
        PrometheusTextParser.Parse(FormattableString.Invariant($"""
            nimbus_edge_requests_total{"{"}app="hello",code="2xx"{"}"} {requests - fivexx}
            nimbus_edge_requests_total{"{"}app="hello",code="5xx"{"}"} {fivexx}
            nimbus_edge_requests_in_flight{"{"}app="hello"{"}"} {inFlight}
            nimbus_instance_cpu_time_seconds_total{"{"}app="hello",instance="hello-a"{"}"} {cpu}
            nimbus_instance_memory_usage_bytes{"{"}app="hello",instance="hello-a"{"}"} {memory}
            other_metric{"{"}app="hello"{"}"} 1
            """), TargetState.Wanted).Samples;

    private static List<PrometheusSample> Buckets(double le10ms, double le100ms, double inf) =>
        PrometheusTextParser.Parse($"""
            nimbus_edge_request_duration_seconds_bucket{"{"}app="hello",le="0.01"{"}"} {le10ms}
            nimbus_edge_request_duration_seconds_bucket{"{"}app="hello",le="0.1"{"}"} {le100ms}
            nimbus_edge_request_duration_seconds_bucket{"{"}app="hello",le="+Inf"{"}"} {inf}
            """, TargetState.Wanted).Samples;
}
