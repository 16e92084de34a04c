using Nimbus.Api.Manifests;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Tests.Manifests;

/// <summary>The <c>autoscale:</c> section: each target kind, the defaults, and a clear error for every bad value.</summary>
public sealed class ManifestLoaderAutoscaleTests : ManifestFiles
{
    private AutoscaleSettings Section(string section) => Loaded("run: x\nautoscale:\n" + section).Autoscale!;

    private ManifestError SectionError(string section) => Error("run: x\nautoscale:\n" + section);

    [Fact]
    public void Load_RpsTarget_ReadsEveryFieldAndDefaultsTheRest()
    {
        var settings = Section("  max: 5\n  rps: 100\n");

        Assert.Equal(1, settings.Min);
        Assert.Equal(5, settings.Max);
        Assert.Equal(AutoscaleMetrics.Rps, settings.Metric);
        Assert.Equal(100, settings.Target);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.ScaleDownWindow);
    }

    [Theory]
    [InlineData("cpu: 70%", "cpu", 70)]
    [InlineData("cpu: 85", "cpu", 85)]
    [InlineData("p95: 300ms", "p95", 300)]
    [InlineData("p95: 1.5s", "p95", 1500)]
    [InlineData("inflight: 8", "inflight", 8)]
    public void Load_EachTargetKind_IsReadInItsUnit(string target, string metric, double value)
    {
        var settings = Section($"  min: 2\n  max: 4\n  {target}\n  scale_down_window: 5s\n");

        Assert.Equal((2, 4, metric, value), (settings.Min, settings.Max, settings.Metric, settings.Target));
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ScaleDownWindow);
    }

    [Fact]
    public void Load_MinZero_ScalesToZero() =>
        Assert.Equal(0, Section("  min: 0\n  max: 3\n  inflight: 5\n").Min);

    [Theory]
    [InlineData("  rps: 100\n", "autoscale.max", "required")]
    [InlineData("  max: 5\n", "autoscale", "needs a target")]
    [InlineData("  max: 5\n  rps: 100\n  cpu: 50%\n", "autoscale.cpu", "only one target")]
    [InlineData("  min: -1\n  max: 5\n  rps: 1\n", "autoscale.min", "from 0 (scale to zero)")]
    [InlineData("  min: 4\n  max: 2\n  rps: 1\n", "autoscale.max", "from min (4)")]
    [InlineData("  max: 500\n  rps: 1\n", "autoscale.max", "to 100")]
    [InlineData("  max: 5\n  rps: -3\n", "autoscale.rps", "more than 0")]
    [InlineData("  max: 5\n  rps: lots\n", "autoscale.rps", "requests per second per instance")]
    [InlineData("  max: 5\n  cpu: 70 percent\n", "autoscale.cpu", "percentage")]
    [InlineData("  max: 5\n  rps: 5\n  scale_down_window: 2h\n", "autoscale.scale_down_window", "0s to 1h")]
    [InlineData("  max: 5\n  rsp: 5\n", "autoscale.rsp", "rps")]
    [InlineData("  min: 0\n  max: 5\n  cpu: 50%\n", "autoscale.min", "an idle app still uses some CPU")]
    [InlineData("  min: 0\n  max: 5\n  rps: 5\n  scale_down_window: 5s\n", "autoscale.min", "at least 10s")]
    public void Load_BadValue_IsOneErrorNamingTheField(string section, string field, string says)
    {
        var error = SectionError(section);

        Assert.Equal(field, error.Field);
        Assert.Contains(says, error.Message);
    }
}
