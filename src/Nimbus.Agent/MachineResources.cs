using Nimbus.Api.Resources;

namespace Nimbus.Agent;

/// <summary>What this machine has: cores and memory (from /proc/meminfo).</summary>
internal static class MachineResources
{
    public static ComputeResources Share(int share)
    {
        share = Math.Max(1, share);
        var cpu = Environment.ProcessorCount * 1000L / share;
        return new ComputeResources(cpu, TotalMemory() / share);
    }

    private static long TotalMemory()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
