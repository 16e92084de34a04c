namespace Nimbus.IntegrationTests;

/// <summary>App folders a test made; deleted with it.</summary>
internal sealed class AppFolders : IDisposable
{
    private readonly List<string> _dirs = [];

    /// <summary>A copy of hello-python, with <paramref name="manifest"/> as its nimbus.yaml when given.</summary>
    public string Hello(string? manifest = null)
    {
        var dir = TestApps.CopyHelloPython(manifest);
        _dirs.Add(dir);
        return dir;
    }

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
