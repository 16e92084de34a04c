using Nimbus.Api.Manifests;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Tests.Manifests;

/// <summary>For tests of one manifest section: writes a nimbus.yaml into a fresh app folder and loads it.</summary>
public abstract class ManifestFiles : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose()
    {
        _root.Dispose();
        GC.SuppressFinalize(this);
    }

    protected ManifestLoadResult Load(string yaml)
    {
        var app = _root.Mkdir("app-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(Path.Join(app, "nimbus.yaml"), yaml);
        return ManifestLoader.Load(app, "app");
    }

    /// <summary>The manifest, asserting it loaded without errors.</summary>
    protected AppManifest Loaded(string yaml)
    {
        var result = Load(yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Manifest!;
    }

    /// <summary>The one error loading it gave.</summary>
    protected ManifestError Error(string yaml)
    {
        var result = Load(yaml);
        Assert.False(result.Succeeded);
        return Assert.Single(result.Errors);
    }
}
