using Nimbus.Agent.Logs;
using Nimbus.Agent.Tests.TestSupport;

namespace Nimbus.Agent.Tests.Logs;

public sealed class InstanceLogWriterTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 22, 1, 2, 3, TimeSpan.Zero);

    [Fact]
    public void Write_Line_UsesVersionOneFormat()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(Time.AddTicks(4567890));
        using var writer = new InstanceLogWriter(dir.Path, "web-1", timeProvider: clock);

        writer.Write("out", "hello");
        writer.Write("err", "oops");

        Assert.Equal(
            "2026-11-22T01:02:03.4567890Z out|hello\n2026-11-22T01:02:03.4567890Z err|oops\n",
            File.ReadAllText(dir.Combine("web-1.log")));
    }

    [Fact]
    public void Write_TextWithNewlines_BecomesOneLogLinePerLine()
    {
        using var dir = new TempDirectory();
        using var writer = new InstanceLogWriter(dir.Path, "web-1", timeProvider: new ManualTimeProvider(Time));

        writer.Write("out", "a\r\nb\nc");

        var lines = File.ReadAllLines(dir.Combine("web-1.log"));
        Assert.Equal(["out|a", "out|b", "out|c"], lines.Select(l => l[29..]));
    }

    [Fact]
    public void Write_LineOver16KiB_IsSplit()
    {
        using var dir = new TempDirectory();
        using var writer = new InstanceLogWriter(dir.Path, "web-1", timeProvider: new ManualTimeProvider(Time));

        writer.Write("out", new string('x', 40_000));

        var lengths = File.ReadAllLines(dir.Combine("web-1.log")).Select(l => l.Length - 33).ToArray();
        Assert.Equal([16_384, 16_384, 40_000 - 2 * 16_384], lengths);
    }

    [Fact]
    public async Task Write_PastMaxBytes_RotatesKeepingTwoOldFilesAndReaderReturnsNewestLinesInOrder()
    {
        using var dir = new TempDirectory();
        using var writer = new InstanceLogWriter(dir.Path, "web-1", maxBytes: 2048, keepFiles: 2);

        for (var i = 0; i < 200; i++)
        {
            writer.Write("out", $"line {i:D3} " + new string('.', 20));
        }

        Assert.True(File.Exists(dir.Combine("web-1.log")));
        Assert.True(File.Exists(dir.Combine("web-1.log.1")));
        Assert.True(File.Exists(dir.Combine("web-1.log.2")));
        Assert.False(File.Exists(dir.Combine("web-1.log.3")));
        Assert.All(Directory.GetFiles(dir.Path), f => Assert.True(new FileInfo(f).Length <= 2048));

        var lines = await InstanceLogReader.ReadAsync(dir.Path, "web-1", null, null, CancellationToken.None);

        var numbers = lines.Select(l => int.Parse(l.Text[5..8])).ToArray();
        Assert.Equal(199, numbers[^1]);
        Assert.InRange(numbers.Length, 60, 199);
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Length), numbers);
        Assert.All(lines, l => Assert.Equal("web-1", l.Instance));
    }

    [Fact]
    public void Write_WithKeepZero_KeepsOnlyTheCurrentFile()
    {
        using var dir = new TempDirectory();
        using var writer = new InstanceLogWriter(dir.Path, "web-1", maxBytes: 1024, keepFiles: 0);

        for (var i = 0; i < 100; i++)
        {
            writer.Write("out", $"line {i:D3}");
        }

        Assert.Equal([dir.Combine("web-1.log")], Directory.GetFiles(dir.Path));
        Assert.EndsWith("out|line 099\n", File.ReadAllText(dir.Combine("web-1.log")));
    }
}
