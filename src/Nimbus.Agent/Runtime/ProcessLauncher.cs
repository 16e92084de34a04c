using System.Diagnostics;
using System.Globalization;
using Nimbus.Agent.Logs;

namespace Nimbus.Agent.Runtime;

/// <summary>
/// Starts <c>/bin/sh -c &lt;command&gt;</c> inside its cgroup, in a new session and process group (pid == pgid), as
/// the app user, with exactly the given environment, output going to the instance log.
/// </summary>
internal static class ProcessLauncher
{
    // Runs as the agent's user: join every cgroup before anything else exists, so all descendants are tracked and
    // limited, then exec the rest of the argument vector. Everything arrives as positional arguments: no quoting.
    private const string Wrapper = """
        n=$1; shift
        while [ "$n" -gt 0 ]; do
          echo $$ > "$1" || { echo "nimbus: cannot join cgroup $1" >&2; exit 125; }
          shift; n=$((n - 1))
        done
        exec "$@"
        """;

    public static LaunchedProcess Start(LaunchRequest request, InstanceLogWriter? log, Action<string, string>? onLine)
    {
        var info = new ProcessStartInfo(ToolPaths.Shell)
        {
            WorkingDirectory = request.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        foreach (var argument in Arguments(request))
        {
            info.ArgumentList.Add(argument);
        }

        // The agent's own environment holds its secrets: the app gets exactly what it was given.
        info.Environment.Clear();
        foreach (var (name, value) in request.Environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{ToolPaths.Shell} did not start.");
        return new LaunchedProcess(process, log, onLine);
    }

    internal static List<string> Arguments(LaunchRequest request)
    {
        var arguments = new List<string> { "-c", Wrapper, "nimbus-launch" };
        arguments.Add(request.CgroupProcsFiles.Count.ToString(CultureInfo.InvariantCulture));
        arguments.AddRange(request.CgroupProcsFiles);

        // setsid(1) only forks when the caller already leads a process group; a child of the agent does not, so
        // the pid we hold stays the session and group leader.
        arguments.Add(ToolPaths.SetSid);
        if (request.RunAs is { } user)
        {
            arguments.AddRange([
                ToolPaths.SetPriv,
                "--reuid", user.Uid.ToString(CultureInfo.InvariantCulture),
                "--regid", user.Gid.ToString(CultureInfo.InvariantCulture),
                "--clear-groups",
                "--",
            ]);
        }

        arguments.AddRange([ToolPaths.Shell, "-c", request.Command]);
        return arguments;
    }
}
