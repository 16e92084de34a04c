using System.Globalization;
using System.Runtime.CompilerServices;
using Nimbus.Api.Contracts;
using Nimbus.Api.Streaming;

namespace Nimbus.Agent.Logs;

/// <summary>Reads what <see cref="InstanceLogWriter"/> wrote, oldest rotated file first.</summary>
public static class InstanceLogReader
{
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);

    /// <summary>Lines at or after <paramref name="since"/>, in time order, the last <paramref name="tail"/> of them when given.</summary>
    public static async Task<IReadOnlyList<LogLine>> ReadAsync(string logDirectory, string instanceId,
        DateTimeOffset? since, int? tail, CancellationToken cancellationToken, LogFilter? filter = null)
    {
        var backlog = new LogBacklog(instanceId, since, tail, filter);
        using var current = LogFileCursor.TryOpen(LogFormat.FilePath(logDirectory, instanceId));
        await ReadBacklogAsync(logDirectory, instanceId, current, backlog, cancellationToken).ConfigureAwait(false);
        return backlog.ToList();
    }

    /// <summary>
    /// The same backlog as <see cref="ReadAsync"/>, then every line appended afterwards, following the writer across
    /// rotations, until <paramref name="cancellationToken"/> fires (the enumeration then ends with
    /// <see cref="OperationCanceledException"/>).
    /// </summary>
    public static async IAsyncEnumerable<LogLine> FollowAsync(string logDirectory, string instanceId,
        DateTimeOffset? since, int? tail, [EnumeratorCancellation] CancellationToken cancellationToken, LogFilter? filter = null)
    {
        var path = LogFormat.FilePath(logDirectory, instanceId);
        var current = LogFileCursor.TryOpen(path);
        try
        {
            var backlog = new LogBacklog(instanceId, since, tail, filter);
            await ReadBacklogAsync(logDirectory, instanceId, current, backlog, cancellationToken).ConfigureAwait(false);
            foreach (var line in backlog.ToList())
            {
                yield return line;
            }

            var raw = new List<string>();
            while (true)
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                raw.Clear();
                current ??= LogFileCursor.TryOpen(path);
                if (current is null)
                {
                    continue;
                }

                await current.ReadAvailableAsync(raw, cancellationToken).ConfigureAwait(false);
                if (current.IsRotatedAway(path))
                {
                    // The writer only rotates between whole batches, so the old file was read to its last line.
                    await current.ReadAvailableAsync(raw, cancellationToken).ConfigureAwait(false);
                    current.Dispose();
                    current = LogFileCursor.TryOpen(path);
                    if (current is not null)
                    {
                        await current.ReadAvailableAsync(raw, cancellationToken).ConfigureAwait(false);
                    }
                }

                foreach (var text in raw)
                {
                    if (LogBacklog.Accept(text, instanceId, since, filter, out var line))
                    {
                        yield return line;
                    }
                }
            }
        }
        finally
        {
            current?.Dispose();
        }
    }

    private static async Task ReadBacklogAsync(string logDirectory, string instanceId, LogFileCursor? current,
        LogBacklog backlog, CancellationToken cancellationToken)
    {
        // If the writer rotated after `current` was opened, one rotated file is the one `current` holds: skip it
        // there and read it once, through `current`.
        var currentName = current?.CurrentName();
        var raw = new List<string>();
        foreach (var file in RotatedFiles(logDirectory, instanceId))
        {
            if (currentName is not null && file == currentName)
            {
                continue;
            }

            using var cursor = LogFileCursor.TryOpen(file);
            if (cursor is null)
            {
                continue;
            }

            raw.Clear();
            await cursor.ReadAvailableAsync(raw, cancellationToken).ConfigureAwait(false);
            backlog.AddRaw(raw);
        }

        if (current is not null)
        {
            raw.Clear();
            await current.ReadAvailableAsync(raw, cancellationToken).ConfigureAwait(false);
            backlog.AddRaw(raw);
        }
    }

    /// <summary>Rotated files, oldest (highest generation) first.</summary>
    private static IEnumerable<string> RotatedFiles(string logDirectory, string instanceId)
    {
        if (!Directory.Exists(logDirectory))
        {
            return [];
        }

        var prefix = instanceId + ".log.";
        return Directory.EnumerateFiles(logDirectory, prefix + "*")
            .Where(f => Path.GetFileName(f).Length > prefix.Length) // the pattern also matches "<id>.log" itself
            .Select(f => (Path: Path.GetFullPath(f), Suffix: Path.GetFileName(f)[prefix.Length..]))
            .Where(f => f.Suffix.Length > 0 && f.Suffix.All(char.IsAsciiDigit))
            .OrderByDescending(f => int.Parse(f.Suffix, CultureInfo.InvariantCulture))
            .Select(f => f.Path);
    }
}
