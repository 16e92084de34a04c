using Nimbus.Api.Manifests;

namespace Nimbus.Api.Tests.Manifests;

public sealed class ManifestLoaderProcfileTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private ManifestLoadResult LoadProcfile(string procfile)
    {
        var app = _root.Mkdir("app");
        File.WriteAllText(Path.Join(app, "Procfile"), procfile);
        return ManifestLoader.Load(app, null);
    }

    [Fact]
    public void Load_ProcfileWithoutWeb_SaysAWebLineIsNeeded()
    {
        var result = LoadProcfile("worker: python3 worker.py\n");

        var error = Assert.Single(result.Errors);
        Assert.False(result.Succeeded);
        Assert.Equal("Procfile", error.File);
        Assert.Contains("web:", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Procfile: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProcfileWebWithoutCommand_IsAnErrorOnItsLine()
    {
        var error = Assert.Single(LoadProcfile("\nweb:\n").Errors);

        Assert.Equal(2, error.Line);
        Assert.Contains("no command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProcfileWithTwoWebLines_IsAnError() =>
        Assert.Contains("more than one", Assert.Single(LoadProcfile("web: a\nweb: b\n").Errors).Message, StringComparison.Ordinal);

    [Fact]
    public void Load_NeitherFile_ExplainsBothOptionsWithAnExample()
    {
        var app = _root.Mkdir("empty");

        var result = ManifestLoader.Load(app, null);

        var error = Assert.Single(result.Errors);
        Assert.Null(result.SourceFile);
        Assert.Contains("nimbus.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("Procfile", error.Message, StringComparison.Ordinal);
        Assert.Contains("name: hello\n    run: python3 server.py", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_IsAnError() =>
        Assert.Contains("does not exist", Assert.Single(ManifestLoader.Load(_root.Combine("nope"), null).Errors).Message, StringComparison.Ordinal);
}
