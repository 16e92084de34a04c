using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.Agent.Instances;

namespace Nimbus.Agent.Logs;

/// <summary>
/// Keeps each app's logs on this node within its age and size limits — the <c>logs:</c> section of its nimbus.yaml, or
/// <see cref="AgentOptions.LogRetention"/> and <see cref="AgentOptions.LogBytesPerApp"/>: instances come and go (rollouts, autoscaling, scale to zero), and
/// each leaves its files behind for `nimbus logs` to read, which without a bound would fill the disk. A pass deletes
/// files older than the retention, then, while an app is over its size, the oldest of the rest — first the files of
/// instances no longer running here, then rotated files of running ones. A running instance's current file is never
/// deleted: its writer holds it open.
/// </summary>
internal sealed partial class LogRetention(AgentPaths paths, AgentOptions options, InstanceManager instances, TimeProvider time,
    ILogger<LogRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.LogRetentionInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    Run(paths.Logs, instances.Running.Select(s => s.Options.InstanceId).ToHashSet(StringComparer.Ordinal),
                        instances.LogLimits.Of, time.GetUtcNow());
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LogPassFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A file written this recently may still be written (a build's log, a file being rotated): it stays.</summary>
    private static readonly TimeSpan InUse = TimeSpan.FromMinutes(1);

    /// <summary>One pass over every app's log directory under <paramref name="logsRoot"/>, each within its own
    /// <paramref name="limits"/> (by app name); the bytes it freed.</summary>
    internal static long Run(string logsRoot, IReadOnlySet<string> running, Func<string, (TimeSpan Retention, long Bytes)> limits, DateTimeOffset now)
    {
        if (!Directory.Exists(logsRoot))
        {
            return 0;
        }
        long freed = 0;
        foreach (var app in Directory.EnumerateDirectories(logsRoot))
        {
            var (retention, bytesPerApp) = limits(Path.GetFileName(app));
            var files = new DirectoryInfo(app).EnumerateFiles("*.log*")
                .Select(f => (File: f, Instance: InstanceOf(f.Name)))
                .Where(f => f.Instance is not null && !(running.Contains(f.Instance) && f.File.Name == f.Instance + ".log"))
                .OrderBy(f => running.Contains(f.Instance!) ? 1 : 0)
                .ThenBy(f => f.File.LastWriteTimeUtc)
                .ToList();
            var total = new DirectoryInfo(app).EnumerateFiles("*.log*").Sum(f => f.Length);
            foreach (var (file, _) in files)
            {
                if ((now - file.LastWriteTimeUtc <= retention && total <= bytesPerApp) || now - file.LastWriteTimeUtc < InUse)
                {
                    continue;
                }
                var length = file.Length;
                try
                {
                    file.Delete();
                }
                catch (IOException)
                {
                    continue;
                }
                total -= length;
                freed += length;
            }
        }
        return freed;
    }

    /// <summary>"web-1.log" and "web-1.log.2" belong to instance "web-1"; anything else is not a log file of ours.</summary>
    private static string? InstanceOf(string name)
    {
        var at = name.IndexOf(".log", StringComparison.Ordinal);
        if (at <= 0)
        {
            return null;
        }
        var rest = name[(at + 4)..];
        return rest.Length == 0 || (rest[0] == '.' && rest.Length > 1 && rest[1..].All(char.IsAsciiDigit)) ? name[..at] : null;
    }

    [LoggerMessage(1601, LogLevel.Warning, "A log retention pass failed; the next one tries again")]
    private partial void LogPassFailed(Exception exception);
}
