using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Tests.Engine;

public sealed class GroupCommitTests
{
    /// <summary>
    /// Holds the writer inside a release (which runs after a commit) so that writes queue up behind it, then lets go.
    /// </summary>
    private static async Task<TaskCompletionSource> HoldWriterAsync(TestEngine t)
    {
        await t.PutAsync("hold", "first");
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        t.Data.OnRelease = async _ =>
        {
            t.Data.OnRelease = null;
            entered.TrySetResult();
            await gate.Task;
        };
        var overwrite = t.PutAsync("hold", "second");
        await entered.Task.WaitAsync(TestEngine.Timeout);
        _ = overwrite;
        return gate;
    }

    [Fact]
    public async Task ConcurrentPuts_QueuedTogether_CommitInOneTransaction()
    {
        await using var t = await TestEngine.StartAsync();
        var gate = await HoldWriterAsync(t);
        var before = t.Engine.CommitCount;
        var staged = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => t.StageAsync($"body-{i}")));

        var puts = staged.Select((s, i) => t.Engine.CommitObjectAsync("b", $"key-{i}", s, ObjectAttributes.Empty, default, default).AsTask()).ToArray();
        Assert.All(puts, p => Assert.False(p.IsCompleted));
        gate.SetResult();
        var outcomes = await Task.WhenAll(puts).WaitAsync(TestEngine.Timeout);

        Assert.All(outcomes, o => Assert.Equal(EngineStatus.Ok, o.Status));
        Assert.Equal(before + 1, t.Engine.CommitCount);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal($"body-{i}", t.Read((await t.GetAsync($"key-{i}")).Version!));
        }
    }

    [Fact]
    public async Task Batch_OneFailedPrecondition_FailsOnlyThatWrite()
    {
        await using var t = await TestEngine.StartAsync();
        await t.PutAsync("exists", "original");
        var gate = await HoldWriterAsync(t);
        var before = t.Engine.CommitCount;
        var staged = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => t.StageAsync($"body-{i}")));

        var createOnly = t.Engine.CommitObjectAsync("b", "exists", staged[0], ObjectAttributes.Empty, new WritePreconditions(null, IfNoneMatchAny: true), default).AsTask();
        var others = Enumerable.Range(1, 4).Select(i => t.Engine.CommitObjectAsync("b", $"other-{i}", staged[i], ObjectAttributes.Empty, default, default).AsTask()).ToArray();
        var missingBucket = t.Engine.CommitObjectAsync("missing", "k", staged[5], ObjectAttributes.Empty, default, default).AsTask();
        gate.SetResult();

        Assert.Equal(EngineStatus.PreconditionFailed, (await createOnly).Status);
        Assert.Equal(EngineStatus.NoSuchBucket, (await missingBucket).Status);
        Assert.All(await Task.WhenAll(others), o => Assert.Equal(EngineStatus.Ok, o.Status));
        Assert.Equal(before + 1, t.Engine.CommitCount);
        Assert.Equal("original", t.Read((await t.GetAsync("exists")).Version!));
        Assert.Equal(2, t.Data.Discarded);
    }

    [Fact]
    public async Task ManyConcurrentPuts_TakeFarFewerCommitsThanWrites()
    {
        await using var t = await TestEngine.StartAsync();
        var before = t.Engine.CommitCount;
        var staged = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => t.StageAsync($"body-{i}")));

        var outcomes = await Task.WhenAll(staged.Select((s, i) => t.Engine.CommitObjectAsync("b", $"key-{i}", s, ObjectAttributes.Empty, default, default).AsTask())).WaitAsync(TestEngine.Timeout);

        Assert.All(outcomes, o => Assert.Equal(EngineStatus.Ok, o.Status));
        Assert.True(t.Engine.CommitCount - before < 64, $"{t.Engine.CommitCount - before} commits for 64 writes");
    }

    [Fact]
    public async Task Release_HappensOnlyAfterTheReplacingVersionCommitted()
    {
        await using var t = await TestEngine.StartAsync();
        await t.PutAsync("k", "old");
        string? visibleAtRelease = null;
        t.Data.OnRelease = async _ =>
        {
            // A separate reader connection sees only committed state.
            var current = await t.Engine.GetObjectAsync("b", "k", null, default);
            visibleAtRelease = t.Read(current.Version!);
        };

        await t.PutAsync("k", "new");

        Assert.Equal("new", visibleAtRelease);
        Assert.True(t.Data.WasReleased("old"));
    }

    [Fact]
    public async Task Commit_CallerGivesUp_TheWriteStillLandsAndTheWriterKeepsGoing()
    {
        await using var t = await TestEngine.StartAsync();
        await t.PutAsync("k", "v1");
        var gate = await HoldWriterAsync(t);
        using var gaveUp = new CancellationTokenSource();
        var staged = await t.StageAsync("v2");
        var commit = t.Engine.CommitObjectAsync("b", "k", staged, ObjectAttributes.Empty, default, gaveUp.Token).AsTask();
        await gaveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => commit.WaitAsync(TestEngine.Timeout));
        gate.SetResult();

        // The queued write was the engine's to finish: it lands whole, and later writes are still answered.
        await Poll.UntilAsync(() => t.GetAsync("k").Result.Version is { } v && t.Read(v) == "v2", "the abandoned write to land");
        Assert.Equal(EngineStatus.Ok, (await t.PutAsync("k2", "after")).Status);
        Assert.Equal("after", t.Read((await t.GetAsync("k2")).Version!));
    }
}
