using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.ObjectStore.Engine.Metadata;
using Nimbus.ObjectStore.Tests.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Engine.Metadata;

public sealed class DeferredReleasesTests
{
    [Fact]
    public async Task Release_WaitsForTheGrace_SoALookupJustBeforeCanStillOpen()
    {
        var data = new FakeDataStore();
        var time = new ManualTimeProvider();
        await using var releases = new DeferredReleases(data, time, TimeSpan.FromSeconds(5), NullLogger.Instance);

        await releases.AddAsync(Encoding.UTF8.GetBytes("old"));
        await Poll.UntilAsync(() => time.TimerCount > 0, "the release to wait on a timer");
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(data.Released);

        time.Advance(TimeSpan.FromSeconds(2));
        await Poll.UntilAsync(() => data.WasReleased("old"), "the release after the grace");
    }

    [Fact]
    public async Task Dispose_ReleasesWhatIsStillWaiting()
    {
        var data = new FakeDataStore();
        var releases = new DeferredReleases(data, new ManualTimeProvider(), TimeSpan.FromMinutes(1), NullLogger.Instance);
        await releases.AddAsync(Encoding.UTF8.GetBytes("a"));
        await releases.AddAsync(Encoding.UTF8.GetBytes("b"));

        await releases.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(data.WasReleased("a") && data.WasReleased("b"));
    }
}
