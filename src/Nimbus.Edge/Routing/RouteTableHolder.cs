namespace Nimbus.Edge.Routing;

/// <summary>The current routing snapshot. Readers take <see cref="Current"/> once per request and never lock.</summary>
internal sealed class RouteTableHolder
{
    private RouteTable _current = RouteTable.Empty;
    private readonly TaskCompletionSource _firstSync = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RouteTable Current => Volatile.Read(ref _current);

    /// <summary>Completes once the first table built from the control plane's state is in place.</summary>
    public Task Synced => _firstSync.Task;

    public bool IsSynced => _firstSync.Task.IsCompleted;

    public void Swap(RouteTable table)
    {
        Volatile.Write(ref _current, table);
        _firstSync.TrySetResult();
    }
}
