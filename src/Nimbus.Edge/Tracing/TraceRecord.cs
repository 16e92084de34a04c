namespace Nimbus.Edge.Tracing;

/// <summary>One finished request as the <see cref="TraceRing"/> keeps it: the timeline's steps and text, copied into a
/// slot allocated once.</summary>
internal sealed class TraceRecord
{
    /// <summary>The ring's sequence lock: odd while a writer fills the slot.</summary>
    internal long Version;
    internal int Writing;

    /// <summary>Which request this is (0, 1, 2 … in the order they were recorded at this edge); -1 before the first.</summary>
    public long Sequence = -1;
    public string App = "";
    /// <summary>The app's load-balancing policy (p2c, round_robin, least_requests).</summary>
    public string PolicyName = "";
    public long End;
    public int Status;
    public long BytesIn;
    public long BytesOut;
    public RequestSteps Steps;
    public readonly RequestText Text = new();

    public string TraceId => Steps.Trace.TraceId;

    public ref readonly UpstreamTry LastTry => ref Steps.Tries <= 1 ? ref Steps.Try0 : ref Steps.Try1;

    public void Fill(RequestTimeline timeline, Routing.AppRoute route, int status, long end, long bytesIn, long bytesOut)
    {
        App = route.App;
        PolicyName = route.Policy.Name;
        Status = status;
        End = end;
        BytesIn = bytesIn;
        BytesOut = bytesOut;
        Steps = timeline.Steps;
        timeline.Text.CopyTo(Text);
    }

    public void CopyTo(TraceRecord copy)
    {
        copy.Sequence = Sequence;
        copy.App = App;
        copy.PolicyName = PolicyName;
        copy.End = End;
        copy.Status = Status;
        copy.BytesIn = BytesIn;
        copy.BytesOut = BytesOut;
        copy.Steps = Steps;
        Text.CopyTo(copy.Text);
    }
}
