using Nimbus.Api.Contracts;
using Nimbus.Api.Streaming;

namespace Nimbus.Agent.Logs;

/// <summary>Collects parsed lines at or after <c>since</c> that pass the filter, keeping only the last <c>tail</c> when asked.</summary>
internal sealed class LogBacklog(string instanceId, DateTimeOffset? since, int? tail, LogFilter? filter = null)
{
    private readonly Queue<LogLine> _lines = new();

    public void AddRaw(IEnumerable<string> rawLines)
    {
        foreach (var raw in rawLines)
        {
            if (Accept(raw, instanceId, since, filter, out var line))
            {
                _lines.Enqueue(line);
                if (tail is { } max && _lines.Count > Math.Max(0, max))
                {
                    _lines.Dequeue();
                }
            }
        }
    }

    public List<LogLine> ToList() => [.. _lines];

    public static bool Accept(string raw, string instanceId, DateTimeOffset? since, LogFilter? filter, out LogLine line) =>
        LogFormat.TryParse(raw, instanceId, out line) && (since is not { } from || line.Time >= from) && (filter is null || filter.Matches(line.Text));
}
