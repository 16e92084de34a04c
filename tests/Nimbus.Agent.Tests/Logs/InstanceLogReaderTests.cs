using Nimbus.Agent.Logs;
using Nimbus.Agent.Tests.TestSupport;
using Nimbus.Api.Contracts;

namespace Nimbus.Agent.Tests.Logs;

public sealed class InstanceLogReaderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ReadAsync_SinceAndTail_FilterByTimeThenKeepTheLast()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(T0);
        using (var writer = new InstanceLogWriter(dir.Path, "w", timeProvider: clock))
        {
            for (var i = 0; i < 10; i++)
            {
                clock.Now = T0.AddSeconds(i);
                writer.Write(i % 2 == 0 ? "out" : "err", $"n{i}");
            }
        }

        var since = await InstanceLogReader.ReadAsync(dir.Path, "w", T0.AddSeconds(6), null, CancellationToken.None);
        var tail = await InstanceLogReader.ReadAsync(dir.Path, "w", T0.AddSeconds(2), 3, CancellationToken.None);

        Assert.Equal(["n6", "n7", "n8", "n9"], since.Select(l => l.Text));
        Assert.Equal(["n7", "n8", "n9"], tail.Select(l => l.Text));
        Assert.Equal(["err", "out", "err"], tail.Select(l => l.Stream));
        Assert.Equal(T0.AddSeconds(9), tail[^1].Time);
    }

    [Fact]
    public async Task ReadAsync_NoLogYet_ReturnsEmpty()
    {
        using var dir = new TempDirectory();

        Assert.Empty(await InstanceLogReader.ReadAsync(dir.Combine("missing"), "w", null, null, CancellationToken.None));
    }

    [Fact]
    public async Task FollowAsync_LineAppendedLater_IsYieldedAfterTheBacklog()
    {
        using var dir = new TempDirectory();
        using var writer = new InstanceLogWriter(dir.Path, "w");
        writer.Write("out", "before");
        using var cts = new CancellationTokenSource(Deadline);
        await using var follow = InstanceLogReader.FollowAsync(dir.Path, "w", null, null, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await follow.MoveNextAsync());
        Assert.Equal("before", follow.Current.Text);

        writer.Write("err", "after");
        Assert.True(await follow.MoveNextAsync());
        Assert.Equal(("err", "after"), (follow.Current.Stream, follow.Current.Text));
    }

    [Fact]
    public async Task FollowAsync_WriterRotates_FollowsIntoTheNewFileWithoutLosingLines()
    {
        using var dir = new TempDirectory();
        using var writer = new InstanceLogWriter(dir.Path, "w", maxBytes: 1024, keepFiles: 3);
        writer.Write("out", "line 000");
        using var cts = new CancellationTokenSource(Deadline);
        await using var follow = InstanceLogReader.FollowAsync(dir.Path, "w", null, null, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await follow.MoveNextAsync());

        // ~45 bytes a line: 30 lines cross one rotation but not three, so nothing is rotated away unread.
        for (var i = 1; i <= 30; i++)
        {
            writer.Write("out", $"line {i:D3}");
        }

        Assert.True(File.Exists(dir.Combine("w.log.1")));
        var seen = new List<string>();
        while (seen.Count < 30 && await follow.MoveNextAsync())
        {
            seen.Add(follow.Current.Text);
        }

        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"line {i:D3}"), seen);
    }

    [Fact]
    public async Task FollowAsync_FileCreatedAfterFollowStarts_IsPickedUp()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource(Deadline);
        await using var follow = InstanceLogReader.FollowAsync(dir.Path, "late", null, null, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = follow.MoveNextAsync().AsTask();

        using (var writer = new InstanceLogWriter(dir.Path, "late"))
        {
            writer.Write("out", "first");
        }

        Assert.True(await next);
        Assert.Equal("first", follow.Current.Text);
    }

    [Fact]
    public async Task FollowAsync_Cancelled_EndsTheEnumeration()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource();
        var lines = new List<LogLine>();

        var reading = Task.Run(async () =>
        {
            await foreach (var line in InstanceLogReader.FollowAsync(dir.Path, "w", null, null, cts.Token))
            {
                lines.Add(line);
            }
        });
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Deadline));
        Assert.Empty(lines);
    }
}
