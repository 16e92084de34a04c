namespace Nimbus.Hosting;

/// <summary>One <c>nimbus up</c> per data directory: an exclusive lock (flock) on &lt;data&gt;/nimbus.lock,
/// held for the life of the process and released by the kernel even if it dies.</summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _pidPath;

    private DataDirectoryLock(FileStream stream, string pidPath)
    {
        _stream = stream;
        _pidPath = pidPath;
    }

    public static DataDirectoryLock? TryAcquire(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "nimbus.lock");
        try
        {
            // FileShare.None takes an exclusive flock on Unix; a second holder gets an IOException.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var pidPath = Path.Combine(dataDirectory, "nimbus.pid");
            File.WriteAllText(pidPath, Environment.ProcessId + "\n");
            return new DataDirectoryLock(stream, pidPath);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The pid written by whoever holds the lock, if it can be read.</summary>
    public static string HolderPid(string dataDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dataDirectory, "nimbus.pid")).Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_pidPath);
        }
        catch (IOException)
        {
        }
        _stream.Dispose();
    }
}
