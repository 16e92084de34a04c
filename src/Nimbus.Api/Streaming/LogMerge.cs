using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Nimbus.Api.Contracts;

namespace Nimbus.Api.Streaming;

/// <summary>Merges the log lines of several sources (instances on a node, nodes of a cloud) the same way
/// at every level: by time for a snapshot, by arrival for a follow.</summary>
public static class LogMerge
{
    /// <summary>All lines ordered by time; only the newest <paramref name="tail"/> when given.</summary>
    public static List<LogLine> ByTime(IEnumerable<IEnumerable<LogLine>> sources, int? tail)
    {
        var lines = sources.SelectMany(s => s).ToList();
        lines.Sort((a, b) => a.Time.CompareTo(b.Time));
        return tail is { } t && lines.Count > t ? lines.GetRange(lines.Count - t, t) : lines;
    }

    /// <summary>Lines from every source as they come, until all end or <paramref name="ct"/> fires.</summary>
    public static async IAsyncEnumerable<LogLine> InterleaveAsync(IReadOnlyList<IAsyncEnumerable<LogLine>> sources, [EnumeratorCancellation] CancellationToken ct)
    {
        var merged = Channel.CreateBounded<LogLine>(1024);
        var producers = sources.Select(async source =>
        {
            await foreach (var line in source.WithCancellation(ct).ConfigureAwait(false))
            {
                await merged.Writer.WriteAsync(line, ct).ConfigureAwait(false);
            }
        }).ToArray();
        _ = Task.WhenAll(producers).ContinueWith(t => merged.Writer.TryComplete(), TaskScheduler.Default);
        await foreach (var line in merged.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            yield return line;
        }
    }
}
