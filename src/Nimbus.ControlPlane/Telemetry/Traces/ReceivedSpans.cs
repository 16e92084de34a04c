using Nimbus.Api.Contracts;

namespace Nimbus.ControlPlane.Telemetry.Traces;

/// <summary>Spans apps sent over OTLP, kept in memory by trace until a bound is reached — a number of spans, and the
/// characters they hold — then the oldest traces go first. The edges keep their own spans; a trace is put together when
/// asked for.</summary>
internal sealed class ReceivedSpans(int capacity = ReceivedSpans.DefaultCapacity, long maxChars = ReceivedSpans.DefaultMaxChars)
{
    public const int DefaultCapacity = 50_000;
    /// <summary>About 64 MiB of text.</summary>
    public const long DefaultMaxChars = 32L << 20;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<TraceSpan>> _byTrace = new(StringComparer.Ordinal);
    /// <summary>Traces in the order they were first seen: the eviction order.</summary>
    private readonly Queue<string> _order = new();
    private int _count;
    private long _chars;

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
                _chars += Chars(span);
            }
            while ((_count > capacity || _chars > maxChars) && _order.TryDequeue(out var oldest))
            {
                if (_byTrace.Remove(oldest, out var dropped))
                {
                    _count -= dropped.Count;
                    _chars -= dropped.Sum(Chars);
                }
            }
        }
    }

    /// <summary>What a span holds, in characters, roughly: its strings plus a little for the rest.</summary>
    private static long Chars(TraceSpan span)
    {
        long chars = 64 + span.TraceId.Length + span.SpanId.Length + span.ParentSpanId.Length + span.Name.Length + span.Service.Length;
        foreach (var (key, value) in span.Attributes)
        {
            chars += key.Length + value.Length + 16;
        }
        return chars;
    }

    public List<TraceSpan> Of(string traceId)
    {
        lock (_lock)
        {
            return _byTrace.TryGetValue(traceId, out var list) ? [.. list] : [];
        }
    }
}
