using Nimbus.Agent.Logs;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Tests.Logs;

public sealed class AppLogLimitsTests
{
    [Fact]
    public void Of_IsTheNewestReleasesSettings_FieldByField_ElseTheAgentsDefaults()
    {
        var limits = new AppLogLimits(new AgentOptions { LogRetention = TimeSpan.FromDays(7), LogBytesPerApp = 1000 });
        Assert.Equal((TimeSpan.FromDays(7), 1000L), limits.Of("web"));

        limits.Remember("web", new LogSettings { Retention = TimeSpan.FromDays(30) });
        Assert.Equal((TimeSpan.FromDays(30), 1000L), limits.Of("web"));

        limits.Remember("web", new LogSettings { MaxBytes = 5 });
        Assert.Equal((TimeSpan.FromDays(7), 5L), limits.Of("web"));

        limits.Remember("web", null);
        Assert.Equal((TimeSpan.FromDays(7), 1000L), limits.Of("web"));
        Assert.Equal((TimeSpan.FromDays(7), 1000L), limits.Of("api"));
    }
}
