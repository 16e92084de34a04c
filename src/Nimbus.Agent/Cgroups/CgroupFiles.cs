using System.Text;

namespace Nimbus.Agent.Cgroups;

/// <summary>Reads and writes cgroup control files the way the kernel expects: one write(2) per value, no truncation games.</summary>
internal static class CgroupFiles
{
    public static void Write(string path, string value)
    {
        // OpenOrCreate: cgroupfs ignores O_CREAT on its files, and a plain directory tree (tests) gets the file made.
        using var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        RandomAccess.Write(handle, Encoding.ASCII.GetBytes(value), 0);
    }

    public static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
    }

    public static IEnumerable<string> Tokens(string path) =>
        ReadOrEmpty(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    public static List<int> ReadPids(string procsFile)
    {
        var pids = new List<int>();
        foreach (var token in Tokens(procsFile))
        {
            if (int.TryParse(token, out var pid) && pid > 0)
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    /// <summary>Value of <c>key N</c> in a flat-keyed file such as memory.events or memory.oom_control; 0 when absent.</summary>
    public static long ReadKeyed(string path, string key)
    {
        foreach (var line in ReadOrEmpty(path).Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], out var value))
            {
                return value;
            }
        }

        return 0;
    }

    public static void ValidateName(string instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId) || instanceId is "." or ".." ||
            instanceId.IndexOfAny(['/', '\0', '\n']) >= 0)
        {
            throw new ArgumentException($"'{instanceId}' cannot name a cgroup.", nameof(instanceId));
        }
    }
}
