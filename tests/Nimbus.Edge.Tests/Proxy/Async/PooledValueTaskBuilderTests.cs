using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Nimbus.Edge.Proxy.Async;

namespace Nimbus.Edge.Tests.Proxy.Async;

/// <summary>The edge's async method builder: results, failures and contexts behave as with the runtime's builders,
/// and many calls waiting at once reuse their boxes (where the runtime's pooling builder allocates one per wait).</summary>
public sealed class PooledValueTaskBuilderTests
{
    private static readonly AsyncLocal<string?> Ambient = new();

    /// <summary>A reusable thing to wait on, completed by the test (on its own thread, inline, as the poller does).</summary>
    private sealed class Gate : IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _core;

        public ValueTask<int> WaitAsync()
        {
            _core.Reset();
            return new ValueTask<int>(this, _core.Version);
        }

        public void Open(int value) => _core.SetResult(value);

        public void Fail(Exception e) => _core.SetException(e);

        public int GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private static async ValueTask<int> AddAfterAsync(Gate? gate, int add)
    {
        var value = gate is null ? 0 : await gate.WaitAsync();
        return value + add;
    }

    // Two levels, as the proxy nests its methods: the outer one waits on the inner one's box.
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private static async ValueTask<int> NestedAsync(Gate gate, int add) => await AddAfterAsync(gate, add) * 2;

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private static async ValueTask WaitThenMaybeThrowAsync(Gate? gate, bool fail)
    {
        if (gate is not null)
        {
            await gate.WaitAsync();
        }
        if (fail)
        {
            throw new InvalidDataException("failed on purpose");
        }
    }

    // A Debug build makes state machines classes: every call allocates one, whatever the builder.
    private static readonly bool Optimized =
        typeof(PooledValueTaskBuilderTests).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().All(d => !d.IsJITOptimizerDisabled);

    [Fact]
    public async Task FinishingWithoutWaiting_GivesTheResult_AndAllocatesNothing()
    {
        Assert.Equal(5, await AddAfterAsync(null, 5));
        await WaitThenMaybeThrowAsync(null, fail: false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = SumOfFinishedCalls(1000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (Optimized)
        {
            Assert.Equal(0, allocated);
        }
        Assert.Equal(1000, sum);
    }

    private static int SumOfFinishedCalls(int count)
    {
        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            var call = AddAfterAsync(null, 1);
            sum += call.IsCompletedSuccessfully ? call.Result : -1;
        }
        return sum;
    }

    [Fact]
    public async Task WaitingCalls_GetTheirOwnResults_InAnyOrder()
    {
        var gates = Enumerable.Range(0, 40).Select(_ => new Gate()).ToArray();
        var calls = gates.Select((g, i) => NestedAsync(g, i)).ToArray();
        Assert.All(calls, c => Assert.False(c.IsCompleted));
        for (var i = gates.Length - 1; i >= 0; i--)
        {
            gates[i].Open(1000);
        }
        for (var i = 0; i < calls.Length; i++)
        {
            Assert.Equal((1000 + i) * 2, await calls[i]);
        }
    }

    [Fact]
    public async Task Failures_ReachTheAwaiter_BeforeAndAfterAWait()
    {
        var sync = await Assert.ThrowsAsync<InvalidDataException>(() => WaitThenMaybeThrowAsync(null, fail: true).AsTask());
        Assert.Equal("failed on purpose", sync.Message);

        var gate = new Gate();
        var waiting = WaitThenMaybeThrowAsync(gate, fail: true);
        gate.Open(0);
        await Assert.ThrowsAsync<InvalidDataException>(async () => await waiting);

        var failedGate = new Gate();
        var call = AddAfterAsync(failedGate, 1);
        failedGate.Fail(new TimeoutException("the gate failed"));
        var e = await Assert.ThrowsAsync<TimeoutException>(async () => await call);
        Assert.Equal("the gate failed", e.Message);
        var after = new Gate();
        var next = AddAfterAsync(after, 1);
        after.Open(2);
        Assert.Equal(3, await next); // the pool still works after failures
    }

    [Fact]
    public async Task AsyncLocals_FlowIntoTheResumedMethod_AndChangesInsideStayInside()
    {
        var gate = new Gate();
        string? seenAfterWait = null;
        Ambient.Value = "caller";
        var call = ObserveAsync(gate, v => seenAfterWait = v);
        Assert.Equal("caller", Ambient.Value); // the method set "inside" before its first wait: not leaked to the caller
        Ambient.Value = null;
        await Task.Run(() => gate.Open(0)); // resumed on a thread pool thread whose context has no value
        await call;
        Assert.Equal("inside", seenAfterWait);
        Assert.Null(Ambient.Value);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private static async ValueTask ObserveAsync(Gate gate, Action<string?> seen)
    {
        Assert.Equal("caller", Ambient.Value);
        Ambient.Value = "inside";
        await gate.WaitAsync();
        seen(Ambient.Value);
    }

    [Fact]
    public async Task AwaitingTwice_Throws_AndLeavesTheBoxToItsNextCall()
    {
        var gate = new Gate();
        var call = AddAfterAsync(gate, 1);
        gate.Open(1);
        Assert.Equal(2, await call);
        var next = new Gate();
        var other = AddAfterAsync(next, 10); // most likely the same box, rented again
        Assert.Throws<InvalidOperationException>(() => call.GetAwaiter().GetResult());
        next.Open(5);
        Assert.Equal(15, await other);
    }

    // On a thread pool thread: no synchronization context, so opening a gate resumes its call inline, as the poller does.
    [Fact]
    public Task ManyCallsWaitingAtOnce_ReuseTheirBoxes() => Task.Run(MeasureReuse);

    private static void MeasureReuse()
    {
        const int waiting = 64;
        var gates = Enumerable.Range(0, waiting).Select(_ => new Gate()).ToArray();
        var calls = new ValueTask<int>[waiting];
        void Round(Func<Gate, int, ValueTask<int>> method)
        {
            for (var i = 0; i < waiting; i++)
            {
                calls[i] = method(gates[i], i);
            }
            for (var i = 0; i < waiting; i++)
            {
                gates[i].Open(1);
                var result = calls[i].Result;
                if (result != 1 + i)
                {
                    throw new InvalidOperationException($"call {i} returned {result}");
                }
            }
        }
        long AllocatedPerCall(Func<Gate, int, ValueTask<int>> method)
        {
            for (var r = 0; r < 3; r++)
            {
                Round(method); // fills the pool and lets the JIT settle
            }
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var r = 0; r < 20; r++)
            {
                Round(method);
            }
            return (GC.GetAllocatedBytesForCurrentThread() - before) / (20 * waiting);
        }

        // (The runtime's PoolingAsyncValueTaskMethodBuilder, with one spare box per thread and per core, allocated
        // more than 50 bytes per call in this pattern on .NET 10.)
        var perCall = AllocatedPerCall(AddAfterAsync);
        if (Optimized)
        {
            Assert.Equal(0, perCall);
        }
    }

    [Fact]
    public async Task ManyThreads_ResumingOnEachOther_AllGetTheirResults()
    {
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            long sum = 0;
            for (var i = 0; i < 2000; i++)
            {
                sum += await YieldingAsync(i);
            }
            return sum;
        })).ToArray();
        var sums = await Task.WhenAll(workers);
        Assert.All(sums, s => Assert.Equal(Enumerable.Range(0, 2000).Sum(i => (long)i + 1), s));
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private static async ValueTask<int> YieldingAsync(int i)
    {
        await Task.Yield();
        return i + 1;
    }
}
