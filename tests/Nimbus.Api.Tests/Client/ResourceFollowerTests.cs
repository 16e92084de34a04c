using Nimbus.Api.Client;

namespace Nimbus.Api.Tests.Client;

public sealed class ResourceFollowerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_WatchBreaks_ListsAgainAndFollowsFromTheNewRevision()
    {
        using var stop = new CancellationTokenSource();
        var revisions = new List<long>();
        var broken = new List<Exception>();
        var followingAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long listed = 0;
        var run = ResourceFollower.RunAsync(
            list: _ => Task.FromResult(++listed * 10),
            follow: async (since, ct) =>
            {
                revisions.Add(since);
                if (revisions.Count == 1)
                {
                    throw new IOException("the watch stream ended");
                }
                followingAgain.TrySetResult();
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
            },
            broken: broken.Add,
            TimeProvider.System,
            stop.Token);

        await followingAgain.Task.WaitAsync(Timeout);
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);

        Assert.Equal([10L, 20L], revisions);
        Assert.Equal("the watch stream ended", Assert.Single(broken).Message);
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileBackingOff_ReturnsQuietly()
    {
        using var stop = new CancellationTokenSource();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = ResourceFollower.RunAsync(
            list: _ => Task.FromException<long>(new HttpRequestException("refused")),
            follow: (_, _) => Task.CompletedTask,
            broken: _ => failed.TrySetResult(),
            TimeProvider.System,
            stop.Token);

        await failed.Task.WaitAsync(Timeout);
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);

        Assert.True(run.IsCompletedSuccessfully);
    }
}
