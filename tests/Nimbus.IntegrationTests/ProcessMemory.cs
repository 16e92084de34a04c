using System.Globalization;

namespace Nimbus.IntegrationTests;

/// <summary>A process's peak resident memory (VmHWM in /proc/PID/status), for tests that bound a server's memory.</summary>
internal static class ProcessMemory
{
    public static long PeakRss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"no VmHWM in /proc/{pid}/status");
    }

    /// <summary>Resets the peak to the current resident size (Linux: clear_refs 5) and returns it.</summary>
    public static long ResetPeakRss(int pid)
    {
        File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        return PeakRss(pid);
    }
}
