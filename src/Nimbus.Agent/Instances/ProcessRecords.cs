using System.Globalization;
using Nimbus.Agent.Interop;

namespace Nimbus.Agent.Instances;

/// <summary>Remembers the process group of every running instance in &lt;agent data&gt;/run/, so an agent that
/// died hard (SIGKILL, power cut of the agent alone) ends its orphans when it starts again instead of leaving
/// them running unseen. A record names the pid and its start time, so a recycled pid is never killed.</summary>
internal sealed class ProcessRecords(string directory)
{
    public void Record(string instance, int pid)
    {
        if (pid <= 0 || StartTime(pid) is not { } started)
        {
            return;
        }
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, instance + ".pid");
        File.WriteAllText(path + ".tmp", $"{pid} {started}\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public void Forget(string instance) => File.Delete(Path.Combine(directory, instance + ".pid"));

    /// <summary>Kills the process group of every recorded instance that is still alive; returns every recorded instance.</summary>
    public List<string> KillLeftovers()
    {
        var recorded = new List<string>();
        if (!Directory.Exists(directory))
        {
            return recorded;
        }
        foreach (var file in Directory.EnumerateFiles(directory, "*.pid"))
        {
            var parts = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && StartTime(pid) == parts[1])
            {
                Signals.SendToGroup(pid, Signals.SIGKILL);
            }
            recorded.Add(Path.GetFileNameWithoutExtension(file));
            File.Delete(file);
        }
        return recorded;
    }

    /// <summary>Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot.</summary>
    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
