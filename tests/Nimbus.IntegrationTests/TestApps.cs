namespace Nimbus.IntegrationTests;

/// <summary>App folders made for one test.</summary>
internal static class TestApps
{
    /// <summary>A copy of examples/hello-python, so a test can change it without touching the repository.</summary>
    public static string CopyHelloPython(string? manifest = null)
    {
        var dir = Directory.CreateTempSubdirectory("nimbus-app-").FullName;
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        var source = Repo.Example("hello-python");
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }
        if (manifest is not null)
        {
            File.WriteAllText(Path.Combine(dir, "nimbus.yaml"), manifest);
        }
        return dir;
    }

    public const string CrashingManifest = """
        name: hello
        run: python3 -c "import sys; print('booting and failing on purpose', flush=True); sys.exit(3)"
        health:
          path: /healthz
          interval: 500ms
          start_grace: 20s
        """;
}
