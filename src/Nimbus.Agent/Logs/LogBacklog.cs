using Nimbus.Api.Contracts;

namespace Nimbus.Agent.Logs;

/// <summary>Collects parsed lines at or after <c>since</c>, keeping only the last <c>tail</c> when asked.</summary>
internal sealed class LogBacklog(string instanceId, DateTimeOffset? since, int? tail)
{
    private readonly Queue<LogLine> _lines = new();

    public void AddRaw(IEnumerable<string> rawLines)
    {
        foreach (var raw in rawLines)
        {
            if (Accept(raw, instanceId, since, out var line))
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

    public static bool Accept(string raw, string instanceId, DateTimeOffset? since, out LogLine line) =>
        LogFormat.TryParse(raw, instanceId, out line) && (since is not { } from || line.Time >= from);
}
