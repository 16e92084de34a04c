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

    [Fact]
    public void Add_PastTheCharacterBudget_TheOldestTracesGo()
    {
        var store = new ReceivedSpans(capacity: 1000, maxChars: 3000);
        var big = Span("a", 1);
        big.Attributes["blob"] = new string('x', 2000);
        store.Add([big]);
        store.Add([Span("b", 2)]);
        Assert.Single(store.Of("a"));

        var bigger = Span("c", 3);
        bigger.Attributes["blob"] = new string('y', 2000);
        store.Add([bigger]);
        Assert.Empty(store.Of("a"));
        Assert.Single(store.Of("b"));
        Assert.Single(store.Of("c"));
    }
}
