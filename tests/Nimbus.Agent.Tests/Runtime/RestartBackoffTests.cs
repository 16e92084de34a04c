using Nimbus.Agent.Runtime;

namespace Nimbus.Agent.Tests.Runtime;

public sealed class RestartBackoffTests
{
    [Fact]
    public void Next_QuickCrashes_DoubleFrom250msAndCapAt30s()
    {
        var backoff = new RestartBackoff();

        var delays = Enumerable.Range(0, 10).Select(_ => backoff.Next(TimeSpan.FromSeconds(1)).TotalMilliseconds).ToArray();

        Assert.Equal([250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000], delays);
    }

    [Fact]
    public void Next_AfterRunningAMinute_StartsOverAt250ms()
    {
        var backoff = new RestartBackoff();
        for (var i = 0; i < 5; i++)
        {
            backoff.Next(TimeSpan.Zero);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(250), backoff.Next(TimeSpan.FromSeconds(60)));
        Assert.Equal(TimeSpan.FromMilliseconds(500), backoff.Next(TimeSpan.FromSeconds(59)));
    }
}
