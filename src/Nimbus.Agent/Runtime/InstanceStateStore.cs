using System.Threading.Channels;

namespace Nimbus.Agent.Runtime;

/// <summary>
/// Holds the current <see cref="InstanceState"/> and tells subscribers about every change, in order, from one
/// background task: a slow or throwing handler can neither reorder events nor stall or break the supervisor.
/// </summary>
internal sealed class InstanceStateStore
{
    private readonly Lock _gate = new();
    private readonly Channel<InstanceState> _changes =
        Channel.CreateUnbounded<InstanceState>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<Action<InstanceState>?> _handlers;
    private readonly Action<Exception> _onHandlerFailed;
    private readonly Task _notifier;
    private InstanceState _current;

    public InstanceStateStore(InstanceState initial, Func<Action<InstanceState>?> handlers, Action<Exception> onHandlerFailed)
    {
        _current = initial;
        _handlers = handlers;
        _onHandlerFailed = onHandlerFailed;
        _notifier = Task.Run(NotifyAsync);
    }

    public InstanceState Current => Volatile.Read(ref _current);

    /// <summary>Applies <paramref name="change"/> atomically; subscribers hear about it only if something differs.</summary>
    public InstanceState Update(Func<InstanceState, InstanceState> change)
    {
        lock (_gate)
        {
            var next = change(_current);
            if (next != _current)
            {
                Volatile.Write(ref _current, next);
                _changes.Writer.TryWrite(next);
            }

            return next;
        }
    }

    /// <summary>Stops accepting changes and completes once every queued change has been delivered.</summary>
    public Task CompleteAsync()
    {
        _changes.Writer.TryComplete();
        return _notifier;
    }

    private async Task NotifyAsync()
    {
        await foreach (var state in _changes.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (_handlers() is not { } handlers)
            {
                continue;
            }

            foreach (var handler in handlers.GetInvocationList().Cast<Action<InstanceState>>())
            {
                try
                {
                    handler(state);
                }
                catch (Exception e)
                {
                    _onHandlerFailed(e);
                }
            }
        }
    }
}
