using System.Diagnostics;
using Nimbus.Edge.Cache;
using Nimbus.Edge.LoadBalancing;
using Nimbus.Edge.Proxy;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Tracing;

/// <summary>One request's journey through the edge, filled in as it happens (Stopwatch timestamps; 0 = did not
/// happen) and copied into the <see cref="TraceRing"/> when it ends. Reused, never shared: one per front connection,
/// one per Kestrel request from the tracer's pool. Marking a step is a timestamp read and a store.</summary>
internal sealed class RequestTimeline
{
    public const int MaxTries = RequestSteps.MaxTries;

    public RequestSteps Steps;
    public readonly RequestText Text = new();
    /// <summary>OTLP export is on: the edge's span as an Activity (its span id is the trace context's).</summary>
    public Activity? Activity;

    public void Begin(long start, TraceContext trace, ulong clientSpan)
    {
        Steps = new RequestSteps { Start = start, StartUnixNano = EdgeClock.UnixNano(start), Trace = trace, ClientSpan = clientSpan };
        Activity = null;
    }

    /// <summary>The try under way (the last one begun).</summary>
    public ref UpstreamTry Current => ref Steps.Tries <= 1 ? ref Steps.Try0 : ref Steps.Try1;

    public void CacheLooked(long start, CacheLookupKind kind)
    {
        Steps.CacheStart = start;
        Steps.CacheEnd = Stopwatch.GetTimestamp();
        Steps.Cache = kind;
    }

    /// <summary>An instance was picked at <paramref name="at"/> (a pick takes well under a microsecond: one reading for its
    /// start and end).</summary>
    public void Picked(long at, Destination destination, in PickNote note)
    {
        if (Steps.Tries == MaxTries)
        {
            Steps.Overflow = true;
            return;
        }
        Steps.Tries++;
        ref var attempt = ref Current;
        attempt = default;
        attempt.PickStart = at;
        attempt.PickEnd = at;
        attempt.Destination = destination;
        attempt.Pick = note;
    }

    /// <summary>A connection is being asked of the pool (reused or opened). After a stale pooled connection the try asks
    /// again: the first ask's start stays, what the stale exchange marked is cleared.</summary>
    public void Connecting()
    {
        if (Marking)
        {
            ref var attempt = ref Current;
            if (attempt.ConnectStart == 0)
            {
                attempt.ConnectStart = Stopwatch.GetTimestamp();
            }
            attempt.ConnectEnd = attempt.Sent = attempt.FirstByte = 0;
            attempt.Reused = false;
        }
    }

    /// <summary>A try is under way and its marks have a place.</summary>
    private bool Marking => Steps.Tries > 0 && !Steps.Overflow;

    /// <summary>The pool gave a connection; <paramref name="waited"/> false when it handed over an idle one at once (no time
    /// passed worth a clock reading: the connect step ends where it began).</summary>
    public void Connected(bool reused, bool waited = true)
    {
        if (Marking)
        {
            ref var attempt = ref Current;
            attempt.ConnectEnd = waited ? Stopwatch.GetTimestamp() : attempt.ConnectStart;
            attempt.Reused = reused;
        }
    }

    /// <summary>The request (head and body) is with the instance: the wait for its answer starts.</summary>
    public void Sent()
    {
        if (Marking)
        {
            Current.Sent = Stopwatch.GetTimestamp();
        }
    }

    public void FirstByte()
    {
        if (Marking)
        {
            Current.FirstByte = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>The response's first bytes were found by a poller that woke up at <paramref name="wokeUp"/>: they had
    /// arrived by then (no later than the request was sent, when they were read without a wait).</summary>
    public void FirstByteAt(long wokeUp)
    {
        if (Marking)
        {
            ref var attempt = ref Current;
            attempt.FirstByte = Math.Max(wokeUp, attempt.Sent);
        }
    }

    public void Ended(in ForwardResult result)
    {
        if (Marking)
        {
            ref var attempt = ref Current;
            attempt.End = Stopwatch.GetTimestamp();
            attempt.Error = result.Error;
            attempt.Status = result.Status;
        }
    }
}

/// <summary>One try on one instance.</summary>
internal struct UpstreamTry
{
    public Destination? Destination;
    public PickNote Pick;
    public long PickStart;
    public long PickEnd;
    public long ConnectStart;
    public long ConnectEnd;
    /// <summary>A pooled keep-alive connection served (no connect happened).</summary>
    public bool Reused;
    public long Sent;
    public long FirstByte;
    public long End;
    public ForwardError Error;
    public int Status;
}

