using System.Runtime.CompilerServices;
using Nimbus.Api.Contracts;
using Nimbus.Api.Streaming;

namespace Nimbus.Api.Tests.Streaming;

public sealed class LogMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static LogLine Line(string instance, int second) => new() { Instance = instance, Time = T0.AddSeconds(second), Text = $"{instance}@{second}" };

    [Fact]
    public void ByTime_InterleavesSourcesInTimeOrder()
    {
        var merged = LogMerge.ByTime([[Line("a", 1), Line("a", 4)], [Line("b", 2), Line("b", 3)]], tail: null);
        Assert.Equal(["a@1", "b@2", "b@3", "a@4"], merged.Select(l => l.Text));
    }

    [Fact]
    public void ByTime_WithTail_KeepsOnlyTheNewestAcrossAllSources()
    {
        var merged = LogMerge.ByTime([[Line("a", 1), Line("a", 4)], [Line("b", 2), Line("b", 3)]], tail: 2);
        Assert.Equal(["b@3", "a@4"], merged.Select(l => l.Text));
    }

    [Fact]
    public async Task InterleaveAsync_YieldsEveryLineOfEverySource_ThenEnds()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<string>();
        await foreach (var line in LogMerge.InterleaveAsync([Source("a", 3), Source("b", 2)], cts.Token))
        {
            seen.Add(line.Text);
        }
        Assert.Equal(["a@0", "a@1", "a@2", "b@0", "b@1"], seen.Order());
    }

    [Fact]
    public async Task Ndjson_RoundTripsItems()
    {
        using var stream = new MemoryStream();
        await Ndjson.WriteAsync(stream, Line("a", 1), NimbusJson.Default.LogLine, default);
        await Ndjson.WriteAsync(stream, Line("b", 2), NimbusJson.Default.LogLine, default);
        stream.Position = 0;

        var read = new List<LogLine>();
        await foreach (var line in Ndjson.ReadAsync(stream, NimbusJson.Default.LogLine, default))
        {
            read.Add(line);
        }
        Assert.Equal(["a@1", "b@2"], read.Select(l => l.Text));
        Assert.Equal(T0.AddSeconds(2), read[1].Time);
    }

    private static async IAsyncEnumerable<LogLine> Source(string instance, int count, [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return Line(instance, i);
        }
    }
}
