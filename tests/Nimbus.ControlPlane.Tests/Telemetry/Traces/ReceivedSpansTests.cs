using Nimbus.Api.Contracts;
using Nimbus.ControlPlane.Telemetry.Traces;

namespace Nimbus.ControlPlane.Tests.Telemetry.Traces;

public sealed class ReceivedSpansTests
{
    private static TraceSpan Span(string trace, int n) => new() { TraceId = trace, SpanId = n.ToString("x16"), Name = "s" + n };

    [Fact]
    public void Of_ReturnsATracesSpans_AndPastTheBoundTheOldestTracesGoWhole()
    {
        var store = new ReceivedSpans(capacity: 5);
        store.Add([Span("a", 1), Span("a", 2)]);
        store.Add([Span("b", 3), Span("b", 4)]);
        Assert.Equal(2, store.Of("a").Count);

        store.Add([Span("c", 5), Span("c", 6)]);
        Assert.Empty(store.Of("a"));
        Assert.Equal(2, store.Of("b").Count);
        Assert.Equal(2, store.Of("c").Count);
        Assert.Equal(4, store.Count);
    }
}
