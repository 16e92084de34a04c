using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nimbus.Edge.Proxy.Async;

namespace Nimbus.Edge.Proxy.Async;

/// <summary>
/// Builds an <c>async ValueTask&lt;T&gt;</c> method whose state machine, when it has to wait, lives in a pooled
/// <see cref="PooledBox{TResult}"/> that goes back to a per-method pool once its result is read.
/// The runtime's <see cref="PoolingAsyncValueTaskMethodBuilder{TResult}"/> keeps one spare box per thread and one per
/// core: with 32 connections waiting at once on one poller thread nearly every wait missed it, and the proxy allocated
/// ~0.9 KB per request (five boxes) — gen0 collections every ~1.5 s under load, each pausing every request in flight.
/// This pool keeps up to <see cref="BoxPool{TBox}.Capacity"/> spare boxes per method.
/// A method that finishes without waiting costs nothing, as with the runtime's builders.
/// Like every pooled ValueTask, the result may be awaited once. One difference from the runtime's builders: a method
/// that throws OperationCanceledException before its first wait gives a faulted task, not a canceled one (awaiting it
/// throws the same exception either way).
/// </summary>
[StructLayout(LayoutKind.Auto)]
public struct PooledValueTaskBuilder<TResult>
{
    private PooledBox<TResult>? _box;
    private TResult _result;
    private Exception? _exception;

    internal readonly PooledBox<TResult>? Box => _box;

    internal readonly Exception? Exception => _exception;

    public static PooledValueTaskBuilder<TResult> Create() => default;

    /// <summary>The method's task: its box once it waited, else what it finished with.</summary>
    public ValueTask<TResult> Task =>
        _box is { } box ? new ValueTask<TResult>(box, box.Version)
        : _exception is { } e ? ValueTask.FromException<TResult>(e)
        : new ValueTask<TResult>(_result);

    /// <summary>Runs the method up to its first wait, restoring the caller's execution and synchronization context after.</summary>
    public void Start<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine =>
        AsyncTaskMethodBuilder.Create().Start(ref stateMachine);

    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    public void SetResult(TResult result)
    {
        if (_box is { } box)
        {
            box.SetResult(result);
        }
        else
        {
            _result = result;
        }
    }

    public void SetException(Exception exception)
    {
        if (_box is { } box)
        {
            box.SetException(exception);
        }
        else
        {
            _exception = exception;
        }
    }

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion where TStateMachine : IAsyncStateMachine =>
        awaiter.OnCompleted(BoxFor(ref stateMachine).MoveNextAction);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion where TStateMachine : IAsyncStateMachine =>
        awaiter.UnsafeOnCompleted(BoxFor(ref stateMachine).MoveNextAction);

    private PooledBox<TResult> BoxFor<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine
    {
        var context = ExecutionContext.Capture();
        if (_box is PooledBox<TResult, TStateMachine> known)
        {
            known.Context = context;
            return known;
        }
        var box = BoxPool<PooledBox<TResult, TStateMachine>>.Rent();
        _box = box; // before the copy below: the state machine in the box must find the box in its builder too
        box.StateMachine = stateMachine;
        box.Context = context;
        return box;
    }
}

/// <summary>The <see cref="PooledValueTaskBuilder{TResult}"/> of an <c>async ValueTask</c> method.</summary>
[StructLayout(LayoutKind.Auto)]
public struct PooledValueTaskBuilder
{
    private PooledValueTaskBuilder<bool> _inner;

    public static PooledValueTaskBuilder Create() => default;

    /// <summary>The box seen as <see cref="System.Threading.Tasks.Sources.IValueTaskSource"/> (it is both), else what the method finished with.</summary>
    public ValueTask Task =>
        _inner.Box is { } box ? new ValueTask(box, box.Version)
        : _inner.Exception is { } e ? ValueTask.FromException(e)
        : default;

    public void Start<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine =>
        _inner.Start(ref stateMachine);

    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    public void SetResult() => _inner.SetResult(true);

    public void SetException(Exception exception) => _inner.SetException(exception);

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion where TStateMachine : IAsyncStateMachine =>
        _inner.AwaitOnCompleted(ref awaiter, ref stateMachine);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion where TStateMachine : IAsyncStateMachine =>
        _inner.AwaitUnsafeOnCompleted(ref awaiter, ref stateMachine);
}
