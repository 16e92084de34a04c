using Nimbus.Api.Security;

namespace Nimbus.Api.Tests.Security;

public sealed class AppTraceTokensTests
{
    [Fact]
    public void AppOf_ReadsBackTheApp_OnlyForTheClusterTokenItWasMadeWith()
    {
        var token = AppTraceTokens.For("cluster-secret", "hello");
        Assert.Equal("hello", AppTraceTokens.AppOf("cluster-secret", "Bearer " + token));
        Assert.Equal("hello", AppTraceTokens.AppOf("cluster-secret", "bearer  " + token + " "));
        Assert.Null(AppTraceTokens.AppOf("another-secret", "Bearer " + token));
        Assert.Null(AppTraceTokens.AppOf("cluster-secret", "Bearer " + token.Replace("hello", "other", StringComparison.Ordinal)));
        Assert.Null(AppTraceTokens.AppOf("cluster-secret", token));
        Assert.Null(AppTraceTokens.AppOf("cluster-secret", "Bearer cluster-secret"));
        Assert.Null(AppTraceTokens.AppOf("cluster-secret", "Bearer nimbus-traces."));
        Assert.Null(AppTraceTokens.AppOf("cluster-secret", "Bearer nimbus-traces.Bad_Name.00"));
        Assert.Null(AppTraceTokens.AppOf("cluster-secret", null));
    }
}
