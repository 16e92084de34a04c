namespace Nimbus.IntegrationTests;

/// <summary>Paths in the repository and the built CLI the tests run.</summary>
internal static class Repo
{
    public static readonly string Root = FindRoot();

    /// <summary>The CLI built in the same configuration as these tests (artifacts/bin/Nimbus/&lt;config&gt;/nimbus.dll).</summary>
    public static string NimbusDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name;
            var dll = Path.Combine(Root, "artifacts", "bin", "Nimbus", configuration, "nimbus.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the solution first: {dll} is missing");
        }
    }

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nimbus.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository root (Nimbus.slnx) above " + AppContext.BaseDirectory);
    }
}
