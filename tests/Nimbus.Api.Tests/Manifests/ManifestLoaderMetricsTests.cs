using Nimbus.Api.Manifests;

namespace Nimbus.Api.Tests.Manifests;

/// <summary><c>metrics:</c> — the path an app serves its own Prometheus metrics on.</summary>
public sealed class ManifestLoaderMetricsTests : ManifestFiles
{
    [Fact]
    public void Load_MetricsPath_IsKept_AndDefaultsToNone()
    {
        Assert.Equal("/metrics", Loaded("run: x\nmetrics: /metrics\n").Metrics);
        Assert.Equal("", Loaded("run: x\n").Metrics);
    }

    [Theory]
    [InlineData("metrics")]
    [InlineData("/has space")]
    [InlineData("http://elsewhere/metrics")]
    public void Load_NotAPath_IsAnErrorNamingTheField(string value)
    {
        var error = Error($"run: x\nmetrics: \"{value}\"\n");

        Assert.Equal("metrics", error.Field);
        Assert.Contains("such as /metrics", error.Message);
    }
}
