using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Nimbus.Edge.Proxy.Async;

/// <summary>Where a waiting method of <see cref="PooledValueTaskBuilder{TResult}"/> lives: its state machine, the
/// context it resumes in, and the completion its caller awaits. Reading the result sends the box back to its pool.</summary>
public abstract class PooledBox<TResult> : IValueTaskSource<TResult>, IValueTaskSource
{
    private protected ManualResetValueTaskSourceCore<TResult> Core;

    /// <summary>The execution context captured at the last wait, in which the method resumes (restoring the resuming
    /// thread's own after); null only when the flow was suppressed, and then it resumes in the thread's.</summary>
    internal ExecutionContext? Context;

    internal short Version => Core.Version;

    /// <summary>Resumes the method (handed to awaiters once per box, so a wait allocates nothing).</summary>
    internal abstract Action MoveNextAction { get; }

    internal void SetResult(TResult result) => Core.SetResult(result);

    internal void SetException(Exception exception) => Core.SetException(exception);

    public ValueTaskSourceStatus GetStatus(short token) => Core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        Core.OnCompleted(continuation, state, token, flags);

    public TResult GetResult(short token)
    {
        if (token != Core.Version)
        {
            // A second await of the same task: the box may already serve another call; leave it alone.
            throw new InvalidOperationException("This ValueTask was already awaited; a pooled ValueTask may be awaited once.");
        }
        if (Core.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            // Read before it finished (ValueTask.Result on a pending task): its method still runs in this box.
            throw new InvalidOperationException("This ValueTask has not completed yet; await it instead of reading its result.");
        }
        try
        {
            return Core.GetResult(token);
        }
        finally
        {
            Return();
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    /// <summary>Forgets the finished call and goes back to the pool.</summary>
    private protected abstract void Return();
}

/// <summary>The box of one async method (<typeparamref name="TStateMachine"/> is its compiler-made state machine).</summary>
internal sealed class PooledBox<TResult, TStateMachine> : PooledBox<TResult> where TStateMachine : IAsyncStateMachine
{
    private static readonly ContextCallback MoveNextInContext = static box => ((PooledBox<TResult, TStateMachine>)box!).StateMachine!.MoveNext();
    private Action? _moveNext;

    internal TStateMachine? StateMachine;

    internal override Action MoveNextAction => _moveNext ??= MoveNext;

    private void MoveNext()
    {
        if (Context is { } context)
        {
            ExecutionContext.Run(context, MoveNextInContext, this);
        }
        else
        {
            StateMachine!.MoveNext();
        }
    }

    private protected override void Return()
    {
        StateMachine = default;
        Context = null;
        Core.Reset();
        BoxPool<PooledBox<TResult, TStateMachine>>.Return(this);
    }
}
