using Nimbus.Api.Resources;

namespace Nimbus.Api.Tests.Resources;

public sealed class AlertRuleTests
{
    [Theory]
    [InlineData("p95 > 500ms for 1m", "p95", ">", 500, 60)]
    [InlineData("errors > 1", "errors", ">", 1, 0)]
    [InlineData("cpu >= 80% for 5m", "cpu", ">=", 80, 300)]
    [InlineData("mem > 200Mi", "mem", ">", 200 * 1024 * 1024, 0)]
    [InlineData("rps<0.5 for 10s", "rps", "<", 0.5, 10)]
    [InlineData("  p50 <= 2s  ", "p50", "<=", 2000, 0)]
    public void TryParse_ReadsMetricOperatorThresholdInItsUnitAndFor(string rule, string metric, string op, double threshold, int seconds)
    {
        var spec = new AlertSpec();

        Assert.Null(AlertRule.TryParse(rule, spec));

        Assert.Equal((metric, op, threshold, TimeSpan.FromSeconds(seconds)), (spec.Metric, spec.Operator, spec.Threshold, spec.For));
        Assert.Equal(rule.Trim(), spec.Rule);
    }

    [Theory]
    [InlineData("p95 500ms", "not a rule")]
    [InlineData("latency > 5", "not a metric")]
    [InlineData("p95 > 500", "a duration")]
    [InlineData("cpu > lots", "a percentage")]
    [InlineData("mem > 5 apples", "not a rule")]
    [InlineData("rps > -1", "a number")]
    [InlineData("rps > 1 for ever", "'for ever'")]
    [InlineData("rps > 1 for 48h", "0s to 24h")]
    public void TryParse_BadRule_SaysWhatIsWrong(string rule, string says)
    {
        var error = AlertRule.TryParse(rule, new AlertSpec());

        Assert.NotNull(error);
        Assert.Contains(says, error);
    }

    [Theory]
    [InlineData(">", 5, 4, true)]
    [InlineData(">", 4, 4, false)]
    [InlineData(">=", 4, 4, true)]
    [InlineData("<", 3, 4, true)]
    [InlineData("<=", 5, 4, false)]
    [InlineData(">", double.NaN, 4, false)]
    [InlineData("<", double.NaN, 4, false)]
    public void Holds_ComparesAndNeverHoldsOnNoData(string op, double value, double threshold, bool expected) =>
        Assert.Equal(expected, AlertRule.Holds(op, value, threshold));
}
