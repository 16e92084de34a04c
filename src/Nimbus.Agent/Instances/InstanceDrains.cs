using Nimbus.Agent.Runtime;

namespace Nimbus.Agent.Instances;

/// <summary>The drains under way on this node: each ends after its release's drain, or sooner when its instance is
/// deleted outright (<see cref="CancelUnless"/>) or the whole agent's shutdown drain runs out (<see cref="BeginShutdown"/>).</summary>
internal sealed class InstanceDrains(TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CancellationTokenSource> _drains = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new(Timeout.InfiniteTimeSpan, time);

    /// <summary>Fires once the shutdown drain has run out.</summary>
    public CancellationToken ShutdownToken => _shutdown.Token;

    /// <summary>Drains <paramref name="supervisor"/> (see <see cref="InstanceSupervisor.DrainAsync"/>) while
    /// <paramref name="stillWanted"/> holds for it.</summary>
    public async Task DrainAsync(string name, InstanceSupervisor supervisor, Func<string, bool> stillWanted)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        lock (_gate)
        {
            _drains[name] = cancel;
        }
        try
        {
            // Checked after registering: a delete lands either before this check or in the CancelUnless that follows it.
            if (stillWanted(name))
            {
                await supervisor.DrainAsync(cancel.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_gate)
            {
                _drains.Remove(name);
            }
        }
    }

    /// <summary>Ends the drains of instances for which <paramref name="wanted"/> no longer holds.</summary>
    public void CancelUnless(Func<string, bool> wanted)
    {
        lock (_gate)
        {
            foreach (var (name, cancel) in _drains)
            {
                if (!wanted(name))
                {
                    cancel.Cancel();
                }
            }
        }
    }

    /// <summary>The whole agent is stopping: every drain, under way or still to come, ends after <paramref name="limit"/>.</summary>
    public void BeginShutdown(TimeSpan limit) => _shutdown.CancelAfter(limit);

    public void Dispose() => _shutdown.Dispose();
}
