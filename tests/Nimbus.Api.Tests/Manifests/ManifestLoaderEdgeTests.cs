using Nimbus.Api.Manifests;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Tests.Manifests;

/// <summary>The <c>edge:</c> section: every field, its defaults, and an error naming file:line:col and field for every bad value.</summary>
public sealed class ManifestLoaderEdgeTests : ManifestFiles
{
    [Fact]
    public void Load_FullEdgeSection_ReadsEveryField()
    {
        var edge = Loaded("""
            run: x
            edge:
              balance: least_requests
              rate_limit:
                rate: 50
                burst: 100
              cache: true
              https_redirect: TRUE
              drain: 2s
              timeout: 90s
            """).Edge;

        Assert.Equal(BalancePolicies.LeastRequests, edge.Balance);
        Assert.Equal(50, edge.RateLimit!.Rate);
        Assert.Equal(100, edge.RateLimit.Burst);
        Assert.True(edge.Cache);
        Assert.True(edge.HttpsRedirect);
        Assert.Equal(TimeSpan.FromSeconds(2), edge.Drain);
        Assert.Equal(TimeSpan.FromSeconds(90), edge.Timeout);
    }

    [Theory]
    [InlineData("run: x\n")]
    [InlineData("run: x\nedge:\n")]
    [InlineData("run: x\nedge:\n  rate_limit:\n")]
    public void Load_NoEdgeSettings_UsesTheDefaults(string yaml)
    {
        var edge = Loaded(yaml).Edge;

        Assert.Equal(BalancePolicies.PowerOfTwoChoices, edge.Balance);
        Assert.Null(edge.RateLimit);
        Assert.False(edge.Cache);
        Assert.False(edge.HttpsRedirect);
        Assert.Equal(EdgeSettings.DefaultDrain, edge.Drain);
        Assert.Equal(EdgeSettings.DefaultTimeout, edge.Timeout);
    }

    [Theory]
    [InlineData("50", 50, 50)]
    [InlineData("0.5", 0.5, 1)]
    [InlineData("2.5", 2.5, 3)]
    [InlineData("1000000", 1_000_000, 1_000_000)]
    public void Load_RateWithoutBurst_BurstIsOneSecondsWorth(string rate, double expectedRate, int expectedBurst)
    {
        var limit = Loaded($"run: x\nedge:\n  rate_limit:\n    rate: {rate}\n").Edge.RateLimit!;

        Assert.Equal(expectedRate, limit.Rate);
        Assert.Equal(expectedBurst, limit.Burst);
    }

    [Theory]
    [InlineData("0s", 0)]
    [InlineData("500ms", 500)]
    [InlineData("5m", 300_000)]
    public void Load_DrainAtTheLimits_IsAccepted(string drain, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Loaded($"run: x\nedge:\n  drain: {drain}\n").Edge.Drain);

    [Theory]
    [InlineData("balance: random", "edge.balance", 3, "must be one of p2c, round_robin, least_requests, got 'random'")]
    [InlineData("balance: roundrobin", "edge.balance", 3, "got 'roundrobin' (did you mean 'round_robin'?)")]
    [InlineData("cache: yes please", "edge.cache", 3, "expected true or false, got 'yes please'")]
    [InlineData("https_redirect: 1", "edge.https_redirect", 3, "expected true or false, got '1'")]
    [InlineData("drain: 6m", "edge.drain", 3, "must be from 0s to 5m, got '6m'")]
    [InlineData("drain: soon", "edge.drain", 3, "expected a duration")]
    [InlineData("timeout: 500ms", "edge.timeout", 3, "must be from 1s to 1h, got '500ms'")]
    [InlineData("timeout: 2h", "edge.timeout", 3, "must be from 1s to 1h, got '2h'")]
    [InlineData("timeout: 0s", "edge.timeout", 3, "must be longer than 0")]
    [InlineData("rate_limit:\n    rate: 0", "edge.rate_limit.rate", 4, "must be more than 0 and at most 1000000 requests per second, got '0'")]
    [InlineData("rate_limit:\n    rate: -5", "edge.rate_limit.rate", 4, "must be more than 0")]
    [InlineData("rate_limit:\n    rate: 1000001", "edge.rate_limit.rate", 4, "at most 1000000")]
    [InlineData("rate_limit:\n    rate: .nan", "edge.rate_limit.rate", 4, "expected requests per second")]
    [InlineData("rate_limit:\n    rate: NaN", "edge.rate_limit.rate", 4, "must be more than 0")]
    [InlineData("rate_limit:\n    rate: fast", "edge.rate_limit.rate", 4, "expected requests per second such as 50 or 0.5, got 'fast'")]
    [InlineData("rate_limit:\n    rate: 5\n    burst: 0", "edge.rate_limit.burst", 5, "must be a whole number from 1 to 1000000, got '0'")]
    [InlineData("rate_limit:\n    rate: 5\n    burst: 2.5", "edge.rate_limit.burst", 5, "expected a whole number")]
    [InlineData("rate_limit:\n    rate: 5\n    burst: 1000001", "edge.rate_limit.burst", 5, "from 1 to 1000000")]
    [InlineData("rate_limit:\n    burst: 5", "edge.rate_limit.rate", 3, "required")]
    [InlineData("rate_limit:\n    rat: 5", "edge.rate_limit.rat", 4, "unknown field 'rat' (did you mean 'rate'?)")]
    [InlineData("rate_limit: 50", "edge.rate_limit", 3, "expected fields such as 'rate: 50', got '50'")]
    [InlineData("cahce: true", "edge.cahce", 3, "unknown field 'cahce' (did you mean 'cache'?)")]
    [InlineData("https: true", "edge.https", 3, "unknown field 'https'")]
    public void Load_BadEdgeValue_NamesFileLineColumnAndField(string lines, string field, int line, string message)
    {
        var error = Error("run: x\nedge:\n  " + lines + "\n");

        Assert.Equal(field, error.Field);
        Assert.Equal("nimbus.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.True(error.Column > 0);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"nimbus.yaml:{line}:{error.Column}: {field}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EdgeNotAMapping_IsAnError() =>
        Assert.Equal("edge", Error("run: x\nedge: fast\n").Field);

    [Fact]
    public void Load_ManyEdgeProblems_ReportsEveryOne()
    {
        var result = Load("run: x\nedge:\n  balance: x\n  rate_limit:\n    rate: 0\n    burst: 0\n  drain: 1h\n  timeout: 0.1s\n");

        Assert.Equal(["edge.balance", "edge.rate_limit.rate", "edge.rate_limit.burst", "edge.drain", "edge.timeout"],
            result.Errors.Select(e => e.Field));
    }
}
