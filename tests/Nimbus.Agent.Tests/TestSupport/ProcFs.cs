using System.Globalization;
using Nimbus.Agent.Interop;

namespace Nimbus.Agent.Tests.TestSupport;

/// <summary>What /proc says about processes, and cleanup by pid for tests.</summary>
internal static class ProcFs
{
    public static bool IsAlive(int pid) => State(pid) is { } state && state != 'Z' && state != 'X';

    public static char? State(int pid) => Stat(pid) is { } fields ? fields[0][0] : null;

    public static int? ProcessGroup(int pid) =>
        Stat(pid) is { } fields ? int.Parse(fields[2], CultureInfo.InvariantCulture) : null;

    /// <summary>Live (non-zombie) processes whose process group is <paramref name="pgid"/>.</summary>
    public static List<int> GroupMembers(int pgid) =>
        AllPids().Where(p => ProcessGroup(p) == pgid && IsAlive(p)).ToList();

    /// <summary>Live processes whose command line is exactly <paramref name="args"/>.</summary>
    public static List<int> FindByCommandLine(params string[] args)
    {
        var wanted = string.Join('\0', args);
        return AllPids().Where(p => CommandLine(p) == wanted && IsAlive(p)).ToList();
    }

    public static string? CommandLine(int pid) =>
        ReadOrNull($"/proc/{pid}/cmdline")?.TrimEnd('\0');

    public static string? StatusField(int pid, string name) =>
        ReadOrNull($"/proc/{pid}/status")?.Split('\n').FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal));

    public static Dictionary<string, string> Environment(int pid) =>
        (ReadOrNull($"/proc/{pid}/environ") ?? "").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e.Length > 1 ? e[1] : "");

    public static string Cgroups(int pid) => ReadOrNull($"/proc/{pid}/cgroup") ?? "";

    public static void Kill(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            Signals.SendToProcess(pid, Signals.SIGKILL);
        }
    }

    private static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>Fields of /proc/pid/stat after the command name: state, ppid, pgrp, …</summary>
    private static string[]? Stat(int pid)
    {
        var stat = ReadOrNull($"/proc/{pid}/stat");
        var close = stat?.LastIndexOf(')') ?? -1;
        return close < 0 ? null : stat![(close + 2)..].Split(' ');
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
