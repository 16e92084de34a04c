using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Nimbus.Api.Contracts;
using Nimbus.Api.Streaming;

namespace Nimbus.Agent.Logs;

/// <summary>The logs of one app on this node: every instance's file under logs/APP/, read together.</summary>
internal static class AppLogs
{
    private static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(1);

    /// <summary>Instance ids with a log file here (build logs left out).</summary>
    public static IEnumerable<string> InstanceIds(string directory, string? only) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.log")
                .Select(Path.GetFileNameWithoutExtension).OfType<string>()
                .Where(n => !n.StartsWith("build-", StringComparison.Ordinal) && (only is null || n == only))
            : [];

    public static async Task<List<LogLine>> ReadAsync(string directory, string? only, DateTimeOffset? since, int? tail, CancellationToken ct, LogFilter? filter = null)
    {
        var perInstance = new List<IReadOnlyList<LogLine>>();
        foreach (var id in InstanceIds(directory, only))
        {
            perInstance.Add(await InstanceLogReader.ReadAsync(directory, id, since, tail, ct, filter).ConfigureAwait(false));
        }
        return LogMerge.ByTime(perInstance, tail);
    }

    /// <summary>The backlog of every instance, then new lines as they come — including from instances that start
    /// after the follow began (scale-up, a rollout), which are picked up within a second from their first line.</summary>
    public static async IAsyncEnumerable<LogLine> FollowAsync(string directory, string? only, DateTimeOffset? since, int? tail, [EnumeratorCancellation] CancellationToken ct, LogFilter? filter = null)
    {
        var merged = Channel.CreateBounded<LogLine>(1024);
        _ = Task.Run(async () =>
        {
            var following = new HashSet<string>(StringComparer.Ordinal);
            var pumps = new List<Task>();
            var first = true;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    foreach (var id in InstanceIds(directory, only))
                    {
                        if (following.Add(id))
                        {
                            var source = first ? InstanceLogReader.FollowAsync(directory, id, since, tail, ct, filter) : InstanceLogReader.FollowAsync(directory, id, null, null, ct, filter);
                            pumps.Add(PumpAsync(source, merged.Writer, ct));
                        }
                    }
                    first = false;
                    await Task.Delay(RescanInterval, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                await Task.WhenAll(pumps).ConfigureAwait(false);
                merged.Writer.TryComplete();
            }
        }, ct);
        await foreach (var line in merged.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    private static async Task PumpAsync(IAsyncEnumerable<LogLine> source, ChannelWriter<LogLine> writer, CancellationToken ct)
    {
        try
        {
            await foreach (var line in source.WithCancellation(ct).ConfigureAwait(false))
            {
                await writer.WriteAsync(line, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }
    }
}
