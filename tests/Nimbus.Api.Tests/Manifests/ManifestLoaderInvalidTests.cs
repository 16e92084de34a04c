using Nimbus.Api.Manifests;

namespace Nimbus.Api.Tests.Manifests;

public sealed class ManifestLoaderInvalidTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private IReadOnlyList<ManifestError> Errors(string yaml, string? nameOverride = null, string folder = "app")
    {
        var app = _root.Mkdir(folder);
        File.WriteAllText(Path.Join(app, "nimbus.yaml"), yaml);
        var result = ManifestLoader.Load(app, nameOverride);
        Assert.False(result.Succeeded);
        Assert.Null(result.Manifest);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    private static ManifestError Single(IReadOnlyList<ManifestError> errors) => Assert.Single(errors);

    [Fact]
    public void Load_BadDuration_ReportsFileLineColumnFieldAndValue()
    {
        var error = Single(Errors("name: hello\nrun: x\nhealth:\n  interval: fast\n"));

        Assert.Equal("nimbus.yaml:4:3: health.interval: expected a duration such as 500ms, 2s or 1m, got 'fast'", error.ToString());
        Assert.Equal(new ManifestError("nimbus.yaml", 4, 3, "health.interval", "expected a duration such as 500ms, 2s or 1m, got 'fast'"), error);
    }

    [Fact]
    public void Load_ZeroTimeout_IsRejected() =>
        Assert.Equal("health.timeout", Single(Errors("run: x\nhealth:\n  timeout: 0s\n")).Field);

    [Fact]
    public void Load_SyntaxError_ReportsTheLine()
    {
        var error = Single(Errors("run: x\nhealth:\n  path: /\n bad: indentation\n"));

        Assert.Equal(4, error.Line);
        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnclosedFlowList_ReportsALine()
    {
        var error = Single(Errors("run: x\nenv: [1\nname: y\n"));

        Assert.True(error.Line > 0);
        Assert.Contains("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateKey_IsReported() =>
        Assert.Contains("Duplicate key", Single(Errors("run: a\nrun: b\n")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("heath", "health")]
    [InlineData("memroy", "memory")]
    [InlineData("instance", "instances")]
    [InlineData("Run", "run")]
    public void Load_UnknownField_SuggestsTheClosestKnownOne(string typo, string suggestion)
    {
        var error = Single(Errors($"run: x\n{typo}: 1\n"));

        Assert.Equal($"unknown field '{typo}' (did you mean '{suggestion}'?)", error.Message);
        Assert.Equal((2, 1), (error.Line, error.Column));
    }

    [Fact]
    public void Load_UnknownFieldWithNothingClose_ListsTheKnownFields() =>
        Assert.Contains("known fields: name, run,", Single(Errors("run: x\nzzzzzzzz: 1\n")).Message, StringComparison.Ordinal);

    [Fact]
    public void Load_UnknownHealthField_IsNamedWithItsPath()
    {
        var error = Single(Errors("run: x\nhealth:\n  intervall: 1s\n"));

        Assert.Equal("health.intervall", error.Field);
        Assert.Contains("did you mean 'interval'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memory: lots", "expected a memory size", 2)]
    [InlineData("memory: 8Mi", "at least 16Mi", 2)]
    [InlineData("cpu: fast", "expected CPU cores", 2)]
    [InlineData("cpu: 0", "expected CPU cores", 2)]
    [InlineData("instances: -1", "from 0 to 100, got -1", 2)]
    [InlineData("instances: 101", "from 0 to 100", 2)]
    [InlineData("instances: two", "whole number", 2)]
    [InlineData("name: Hello_World", "not a valid app name", 2)]
    [InlineData("name: 1hello", "not a valid app name", 2)]
    [InlineData("name: hello-", "not a valid app name", 2)]
    [InlineData("health:\n  path: healthz", "must start with '/'", 3)]
    public void Load_BadValue_IsReportedForItsField(string line, string expected, int lineNumber)
    {
        var error = Single(Errors("run: x\n" + line + "\n"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(lineNumber, error.Line);
    }

    [Fact]
    public void Load_NameTooLong_IsRejected() =>
        Assert.Equal("name", Single(Errors($"run: x\nname: {new string('a', 64)}\n")).Field);

    [Fact]
    public void Load_MissingRun_IsRequired()
    {
        var error = Single(Errors("name: hello\n"));

        Assert.Equal("run", error.Field);
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyRun_IsRejected() =>
        Assert.Contains("must not be empty", Single(Errors("run: \"  \"\n")).Message, StringComparison.Ordinal);

    [Fact]
    public void Load_BadEnvName_IsReportedWithItsPath()
    {
        var error = Single(Errors("run: x\nenv:\n  GOOD: 1\n  1BAD: 2\n"));

        Assert.Equal("nimbus.yaml:4:3: env.1BAD: '1BAD' is not a valid environment variable name: names must match [A-Za-z_][A-Za-z0-9_]*", error.ToString());
    }

    [Theory]
    [InlineData("run: [a, b]", "run", "got a list")]
    [InlineData("run: x\nenv: [A, B]", "env", "got a list")]
    [InlineData("run: x\nenv:\n  A: [1]", "env.A", "got a list")]
    [InlineData("run: x\nhealth: fast", "health", "got 'fast'")]
    [InlineData("run: x\nmemory:\n  a: 1", "memory", "got a mapping")]
    public void Load_WrongShape_NamesTheField(string yaml, string field, string got)
    {
        var error = Single(Errors(yaml + "\n"));

        Assert.Equal(field, error.Field);
        Assert.Contains(got, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Load_EmptyFile_IsAnError(string yaml) =>
        Assert.Contains("empty", Single(Errors(yaml)).Message, StringComparison.Ordinal);

    [Fact]
    public void Load_TopLevelList_IsAnError() =>
        Assert.Contains("top level", Single(Errors("- run: x\n")).Message, StringComparison.Ordinal);

    [Fact]
    public void Load_ManyProblems_ReportsEveryOneInFileOrder()
    {
        var errors = Errors("""
            name: Bad_Name
            heath:
              path: /
            instances: -3
            cpu: lots
            memory: 1Ki
            env:
              9X: y
            health:
              interval: soon
              timeout: never
            """);

        Assert.Equal(
            ["name", "heath", "instances", "cpu", "memory", "env.9X", "health.interval", "health.timeout", "run"],
            errors.Select(e => e.Field));
    }

    [Fact]
    public void Load_InvalidNameOverride_IsAnErrorEvenWithAValidFile()
    {
        var error = Single(Errors("name: hello\nrun: x\n", nameOverride: "Bad Name"));

        Assert.Equal("name", error.Field);
        Assert.Contains("'Bad Name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FolderNameThatCannotBeAName_AsksForOne()
    {
        var error = Single(Errors("run: x\n", folder: "2024"));

        Assert.Equal("name", error.Field);
        Assert.Contains("set 'name:'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BothYamlAndYml_IsAnError()
    {
        var app = _root.Mkdir("both");
        File.WriteAllText(Path.Join(app, "nimbus.yaml"), "run: x\n");
        File.WriteAllText(Path.Join(app, "nimbus.yml"), "run: y\n");

        Assert.Contains("keep one", Single(ManifestLoader.Load(app, null).Errors).Message, StringComparison.Ordinal);
    }
}
