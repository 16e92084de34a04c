using Nimbus.Api.Contracts;

namespace Nimbus.ControlPlane.Telemetry.Traces;

/// <summary>Spans apps sent over OTLP, kept in memory by trace until the bound is reached, then the oldest traces go
/// first. The edges keep their own spans; a trace is put together when asked for.</summary>
internal sealed class ReceivedSpans(int capacity = ReceivedSpans.DefaultCapacity)
{
    public const int DefaultCapacity = 50_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<TraceSpan>> _byTrace = new(StringComparer.Ordinal);
    /// <summary>Traces in the order they were first seen: the eviction order.</summary>
    private readonly Queue<string> _order = new();
    private int _count;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public void Add(IReadOnlyList<TraceSpan> spans)
    {
        lock (_lock)
        {
            foreach (var span in spans)
            {
                if (!_byTrace.TryGetValue(span.TraceId, out var list))
                {
                    list = [];
                    _byTrace[span.TraceId] = list;
                    _order.Enqueue(span.TraceId);
                }
                list.Add(span);
                _count++;
            }
            while (_count > capacity && _order.TryDequeue(out var oldest))
            {
                if (_byTrace.Remove(oldest, out var dropped))
                {
                    _count -= dropped.Count;
                }
            }
        }
    }

    public List<TraceSpan> Of(string traceId)
    {
        lock (_lock)
        {
            return _byTrace.TryGetValue(traceId, out var list) ? [.. list] : [];
        }
    }
}
