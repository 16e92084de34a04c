using Nimbus.Api.Manifests;

namespace Nimbus.Api.Tests.Manifests;

/// <summary><c>metrics:</c> — the path an app serves its own Prometheus metrics on.</summary>
public sealed class ManifestLoaderMetricsTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private ManifestLoadResult Load(string yaml)
    {
        var app = _root.Mkdir("app-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(Path.Join(app, "nimbus.yaml"), yaml);
        return ManifestLoader.Load(app, "app");
    }

    [Fact]
    public void Load_MetricsPath_IsKept_AndDefaultsToNone()
    {
        Assert.Equal("/metrics", Load("run: x\nmetrics: /metrics\n").Manifest!.Metrics);
        Assert.Equal("", Load("run: x\n").Manifest!.Metrics);
    }

    [Theory]
    [InlineData("metrics")]
    [InlineData("/has space")]
    [InlineData("http://elsewhere/metrics")]
    public void Load_NotAPath_IsAnErrorNamingTheField(string value)
    {
        var result = Load($"run: x\nmetrics: \"{value}\"\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("metrics", error.Field);
        Assert.Contains("such as /metrics", error.Message);
    }
}
