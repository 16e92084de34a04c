using Nimbus.Api.Manifests;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Tests.Manifests;

/// <summary>The <c>autoscale:</c> section: each target kind, the defaults, and a clear error for every bad value.</summary>
public sealed class ManifestLoaderAutoscaleTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private ManifestLoadResult Load(string yaml)
    {
        var app = _root.Mkdir("app-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(Path.Join(app, "nimbus.yaml"), yaml);
        return ManifestLoader.Load(app, "app");
    }

    private AutoscaleSettings Loaded(string section)
    {
        var result = Load("run: x\nautoscale:\n" + section);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Manifest.Autoscale!;
    }

    private ManifestError Error(string section)
    {
        var result = Load("run: x\nautoscale:\n" + section);
        Assert.False(result.Succeeded);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Load_RpsTarget_ReadsEveryFieldAndDefaultsTheRest()
    {
        var settings = Loaded("  max: 5\n  rps: 100\n");

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
        var settings = Loaded($"  min: 2\n  max: 4\n  {target}\n  scale_down_window: 5s\n");

        Assert.Equal((2, 4, metric, value), (settings.Min, settings.Max, settings.Metric, settings.Target));
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ScaleDownWindow);
    }

    [Fact]
    public void Load_MinZero_ScalesToZero() =>
        Assert.Equal(0, Loaded("  min: 0\n  max: 3\n  inflight: 5\n").Min);

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
        var error = Error(section);

        Assert.Equal(field, error.Field);
        Assert.Contains(says, error.Message);
    }
}
