using System.Text;
using Nimbus.Edge.Proxy;

namespace Nimbus.Edge.Tests.Proxy;

/// <summary>W3C Trace Context: the spec's example, and the values it says to reject.</summary>
public sealed class TraceContextTests
{
    private const string Example = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public void TryParse_TheSpecsExample_RoundTrips()
    {
        Assert.True(TraceContext.TryParse(Example, out var context));
        Assert.True(TraceContext.TryParse(Encoding.ASCII.GetBytes(Example), out var fromBytes));

        Assert.Equal(Example, context.ToString());
        Assert.Equal(context, fromBytes);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", context.TraceId);
        Assert.Equal(1, context.Flags);
    }

    [Theory]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")]  // upper-case
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]  // all-zero trace id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")]  // all-zero parent id
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]  // version ff
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x")] // version 00 takes nothing after
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01")]   // short
    [InlineData("00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01")]
    [InlineData("")]
    public void TryParse_InvalidValue_IsRejected(string value) =>
        Assert.False(TraceContext.TryParse(value, out _));

    [Fact]
    public void TryParse_ALaterVersion_ReadsTheFieldsItKnows() =>
        Assert.True(TraceContext.TryParse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future", out _));

    [Fact]
    public void ForRequest_KeepsTheTraceAndFlags_WithANewSpan_OrStartsASampledTrace()
    {
        TraceContext.TryParse(Example, out var incoming);

        var child = TraceContext.ForRequest(incoming);
        var root = TraceContext.ForRequest(null);

        Assert.Equal(incoming.TraceId, child.TraceId);
        Assert.NotEqual(incoming.SpanId, child.SpanId);
        Assert.Equal(incoming.Flags, child.Flags);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", root.ToString());
        Assert.True(TraceContext.TryParse(root.ToString(), out _));
    }
}
