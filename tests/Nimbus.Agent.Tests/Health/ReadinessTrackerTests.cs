using Nimbus.Agent.Health;

namespace Nimbus.Agent.Tests.Health;

public sealed class ReadinessTrackerTests
{
    [Fact]
    public void Observe_FailuresBeforeFirstSuccess_StayNotReadyThenOneSuccessMakesReady()
    {
        var tracker = new ReadinessTracker();

        Assert.False(tracker.Observe(false));
        Assert.False(tracker.Observe(false));
        Assert.False(tracker.Observe(false));
        Assert.False(tracker.Ready);

        Assert.True(tracker.Observe(true));
        Assert.True(tracker.Ready);
    }

    [Fact]
    public void Observe_AfterReady_ThreeConsecutiveFailuresMakeNotReadyAndASuccessRestores()
    {
        var tracker = new ReadinessTracker();
        tracker.Observe(true);

        Assert.False(tracker.Observe(false));
        Assert.False(tracker.Observe(false));
        Assert.False(tracker.Observe(true)); // streak broken
        Assert.False(tracker.Observe(false));
        Assert.False(tracker.Observe(false));
        Assert.True(tracker.Ready);
        Assert.True(tracker.Observe(false));
        Assert.False(tracker.Ready);

        Assert.True(tracker.Observe(true));
        Assert.True(tracker.Ready);
    }
}
