using Nimbus.Api.Resources;
using Nimbus.Edge.LoadBalancing;
using Nimbus.Edge.Proxy;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tracing;
using Nimbus.Edge.Traffic;

namespace Nimbus.Edge.Tests.Tracing;

public sealed class TraceRingTests
{
    private static readonly AppRoute Route = new("app", new EdgeSettings(), [], LoadBalancingPolicies.PowerOfTwoChoices, new AppTrafficCounters("app"));

    private static void Record(TraceRing ring, RequestTimeline timeline, int n)
    {
        timeline.Begin(n, new TraceContext(1, (ulong)n, (ulong)n, 1), 0);
        timeline.Text.Set("GET", $"/{n}", $"req-{n}", "127.0.0.1", "app.localhost");
        ring.Record(timeline, Route, 200, n, n, n);
    }

    [Fact]
    public void Read_NewestFirst_OnlyWhatTheRingStillHolds()
    {
        var ring = new TraceRing(4);
        var timeline = new RequestTimeline();
        for (var n = 1; n <= 6; n++)
        {
            Record(ring, timeline, n);
        }
        var all = ring.Read(_ => true, 100);
        Assert.Equal(["/6", "/5", "/4", "/3"], all.Select(r => r.Text.TargetText));
        Assert.Equal([5L, 4, 3, 2], all.Select(r => r.Sequence));
        Assert.Equal(["/6"], ring.Read(_ => true, 1).Select(r => r.Text.TargetText));
        Assert.Equal(["/6", "/5"], ring.Read(_ => true, 100, from: 4).Select(r => r.Text.TargetText));
        Assert.Equal(["/4"], ring.Read(r => r.Text.RequestId == "req-4", 100).Select(r => r.Text.TargetText));
    }

    [Fact]
    public void ReadForward_GivesEachRecordOnceInOrder_AndPassesWhatTheRingOverwrote()
    {
        var ring = new TraceRing(4);
        var timeline = new RequestTimeline();
        Assert.Empty(ring.ReadForward(0, _ => true, out var resume));
        Assert.Equal(0, resume);
        for (var n = 0; n < 3; n++)
        {
            Record(ring, timeline, n);
        }
        Assert.Equal([0L, 1, 2], ring.ReadForward(resume, _ => true, out resume).Select(r => r.Sequence));
        Assert.Equal(3, resume);
        for (var n = 3; n < 10; n++)
        {
            Record(ring, timeline, n);
        }
        // 3 … 5 were overwritten: the reader goes on from the oldest the ring still has.
        Assert.Equal([6L, 7, 8, 9], ring.ReadForward(resume, _ => true, out resume).Select(r => r.Sequence));
        Assert.Equal(10, resume);
        Assert.Empty(ring.ReadForward(resume, _ => true, out resume));
    }

    [Fact]
    public void RecordingARequest_AllocatesNothing()
    {
        using var tracer = new EdgeTracer(new EdgeOptions { TraceCapacity = 16 }, new EdgeIdentity("edge-test", "local-a"));
        var timeline = tracer.NewTimeline()!;
        void OneRequest()
        {
            tracer.Begin(timeline, System.Diagnostics.Stopwatch.GetTimestamp(), null);
            timeline.Text.Set("GET"u8, "/x"u8, "id"u8, "127.0.0.1"u8, "app.localhost"u8);
            tracer.JoinDns(timeline, 1, "app.localhost"u8);
            tracer.End(timeline, Route, 200, 0, 13, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        OneRequest();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            OneRequest();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Text_LongerThanItsBuffer_IsCutNeverSplittingACharacter()
    {
        var text = new RequestText();
        text.Set("GET", "/" + new string('é', 600), "id", "::1", "app.localhost");
        Assert.Equal(RequestText.MaxTarget - 1, System.Text.Encoding.UTF8.GetByteCount(text.TargetText));
        Assert.DoesNotContain('\uFFFD', text.TargetText);
    }

    [Fact]
    public async Task ConcurrentWritersAndReaders_ReadersNeverSeeATornRecord()
    {
        var ring = new TraceRing(64);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var timeline = new RequestTimeline();
            for (var n = w * 1_000_000; n < (w * 1_000_000) + 50_000 && !stop.IsCancellationRequested; n++)
            {
                Record(ring, timeline, n);
            }
        })).ToArray();
        var torn = 0;
        var read = 0;
        do
        {
            foreach (var record in ring.Read(_ => true, 64))
            {
                read++;
                // Every field of one record came from one request n.
                var n = (long)record.Steps.Trace.TraceLow;
                if (record.BytesIn != n || record.Steps.Start != n || record.Text.TargetText != $"/{n}" || record.Text.RequestId != $"req-{n}")
                {
                    torn++;
                }
            }
        }
        while (!writers.All(t => t.IsCompleted));
        await Task.WhenAll(writers);
        Assert.Equal(0, torn);
        Assert.True(read > 0);
    }
}
