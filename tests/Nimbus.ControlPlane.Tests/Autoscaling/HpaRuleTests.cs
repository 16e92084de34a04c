using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Autoscaling;
using Nimbus.ControlPlane.Telemetry.Series;

namespace Nimbus.ControlPlane.Tests.Autoscaling;

public sealed class HpaRuleTests
{
    [Theory]
    [InlineData(2, 2, 2.4, 5)]     // ceil(2 × 2.4)
    [InlineData(2, 2, 1.09, 2)]    // within the 10% tolerance: unchanged
    [InlineData(2, 2, 0.91, 2)]
    [InlineData(4, 4, 0.2, 1)]     // ceil(0.8) → the min
    [InlineData(3, 3, 40, 10)]     // capped at the max
    [InlineData(5, 2, 1.5, 3)]     // measured on the ready ones
    [InlineData(2, 2, 1.5, 3)]
    public void Recommend_FollowsTheHpaRule(int current, int ready, double ratio, int expected) =>
        Assert.Equal(expected, HpaRule.Recommend(current, ready, ratio, min: 1, max: 10));

    [Fact]
    public void Stabilize_ScalesUpAtOnce_AndDownOnlyAsFarAsTheWindowsHighestRecommendation()
    {
        Assert.Equal(6, HpaRule.Stabilize(3, 6, [1, 1]));
        Assert.Equal(4, HpaRule.Stabilize(5, 2, [2, 4, 3]));
        Assert.Equal(5, HpaRule.Stabilize(5, 2, [2, 7]));
        Assert.Equal(2, HpaRule.Stabilize(5, 2, [2, 2]));
    }

    [Fact]
    public void Observation_PerInstanceCpuAsPercentOfTheRequest_AndADescriptionWithItsInputs()
    {
        var now = DateTimeOffset.UnixEpoch;
        AppSample[] samples = [new(now, 960, 0, 10, 20, 4, 0.6, 0), new(now, 960, 0, double.NaN, double.NaN, 4, 0.6, 0)];

        var rps = AutoscaleObservation.Of(new AutoscaleSettings { Metric = "rps", Target = 100 }, samples, ready: 2, running: 2, cpuMillis: 250);
        var cpu = AutoscaleObservation.Of(new AutoscaleSettings { Metric = "cpu", Target = 70 }, samples, ready: 2, running: 2, cpuMillis: 250);
        var p95 = AutoscaleObservation.Of(new AutoscaleSettings { Metric = "p95", Target = 500 }, samples, ready: 2, running: 2, cpuMillis: 250);

        Assert.Equal("rps/instance 480 > target 100", rps.Describe());
        Assert.Equal(120, cpu.Value, 6); // 0.6 cores over 2 instances of 250m
        Assert.Equal("cpu 120% of request > target 70%", cpu.Describe());
        Assert.Equal("p95 20ms < target 500ms", p95.Describe());
    }
}
