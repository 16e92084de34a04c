using Nimbus.Api.Manifests;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Tests.Manifests;

public sealed class ManifestLoaderValidTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private static AppManifest AssertLoaded(ManifestLoadResult result, string source)
    {
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        Assert.Equal(source, result.SourceFile);
        return result.Manifest;
    }

    [Fact]
    public void Load_FullYaml_ReadsEveryField()
    {
        var app = _root.Mkdir("app");
        File.WriteAllText(Path.Join(app, "nimbus.yaml"), """
            name: hello            # a comment
            run: python3 server.py
            build: pip install -r requirements.txt
            instances: 2
            cpu: 0.25
            memory: 128Mi
            env:
              GREETING: hello
              PORT_OFFSET: 3
              DEBUG: true
              EMPTY:
            health:
              path: /healthz
              interval: 500ms
              timeout: 2s
              start_grace: 1m
            """);

        var manifest = AssertLoaded(ManifestLoader.Load(app, null), "nimbus.yaml");

        Assert.Equal("hello", manifest.Name);
        Assert.Equal("python3 server.py", manifest.Run);
        Assert.Equal("pip install -r requirements.txt", manifest.Build);
        Assert.Equal(2, manifest.Instances);
        Assert.Equal(250, manifest.CpuMillis);
        Assert.Equal(128L << 20, manifest.MemoryBytes);
        Assert.Equal(new Dictionary<string, string> { ["GREETING"] = "hello", ["PORT_OFFSET"] = "3", ["DEBUG"] = "true", ["EMPTY"] = "" }, manifest.Env);
        Assert.Equal("/healthz", manifest.Health.Path);
        Assert.Equal(TimeSpan.FromMilliseconds(500), manifest.Health.Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), manifest.Health.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(1), manifest.Health.StartGrace);
    }

    [Fact]
    public void Load_MinimalYaml_UsesDefaultsAndFolderName()
    {
        var app = _root.Mkdir("web-shop");
        File.WriteAllText(Path.Join(app, "nimbus.yaml"), "run: ./start\n");

        var manifest = AssertLoaded(ManifestLoader.Load(app, null), "nimbus.yaml");

        Assert.Equal("web-shop", manifest.Name);
        Assert.Equal("./start", manifest.Run);
        Assert.Equal("", manifest.Build);
        Assert.Null(manifest.Instances);
        Assert.Equal(AppManifest.DefaultCpuMillis, manifest.CpuMillis);
        Assert.Equal(AppManifest.DefaultMemoryBytes, manifest.MemoryBytes);
        Assert.Equal("/", manifest.Health.Path);
        Assert.Empty(manifest.Env);
    }

    [Fact]
    public void Load_CpuInMillicores_IsAccepted()
    {
        var app = _root.Mkdir("app");
        File.WriteAllText(Path.Join(app, "nimbus.yaml"), "run: x\ncpu: \"250m\"\ninstances: 0\n");

        var manifest = AssertLoaded(ManifestLoader.Load(app, null), "nimbus.yaml");

        Assert.Equal(250, manifest.CpuMillis);
        Assert.Equal(0, manifest.Instances);
    }

    [Fact]
    public void Load_YmlExtension_IsRead()
    {
        var app = _root.Mkdir("app");
        File.WriteAllText(Path.Join(app, "nimbus.yml"), "name: other\nrun: node index.js\n");

        var manifest = AssertLoaded(ManifestLoader.Load(app, null), "nimbus.yml");

        Assert.Equal("other", manifest.Name);
        Assert.Equal("node index.js", manifest.Run);
    }

    [Fact]
    public void Load_ProcfileOnly_TakesRunFromTheWebLine()
    {
        var app = _root.Mkdir("procapp");
        File.WriteAllText(Path.Join(app, "Procfile"), "# processes\nworker: python3 worker.py\nweb: gunicorn app:app --bind 0.0.0.0:$PORT\r\n");

        var manifest = AssertLoaded(ManifestLoader.Load(app, null), "Procfile");

        Assert.Equal("gunicorn app:app --bind 0.0.0.0:$PORT", manifest.Run);
        Assert.Equal("procapp", manifest.Name);
    }

    [Fact]
    public void Load_YamlAndProcfile_YamlWins()
    {
        var app = _root.Mkdir("app");
        File.WriteAllText(Path.Join(app, "nimbus.yaml"), "run: from-yaml\n");
        File.WriteAllText(Path.Join(app, "Procfile"), "web: from-procfile\n");

        Assert.Equal("from-yaml", AssertLoaded(ManifestLoader.Load(app, null), "nimbus.yaml").Run);
    }

    [Fact]
    public void Load_NameOverride_WinsOverTheManifestName()
    {
        var app = _root.Mkdir("app");
        File.WriteAllText(Path.Join(app, "nimbus.yaml"), "name: Not_Valid\nrun: x\n");

        var manifest = AssertLoaded(ManifestLoader.Load(app, "staging-hello"), "nimbus.yaml");

        Assert.Equal("staging-hello", manifest.Name);
    }

    [Theory]
    [InlineData("My_App", "my-app")]
    [InlineData("_hello.world_", "hello-world")]
    [InlineData("API", "api")]
    public void Load_NoName_FallsBackToTheCleanedFolderName(string folder, string name)
    {
        var app = _root.Mkdir(folder);
        File.WriteAllText(Path.Join(app, "Procfile"), "web: ./run\n");

        Assert.Equal(name, AssertLoaded(ManifestLoader.Load(app, null), "Procfile").Name);
    }
}
