namespace Nimbus.ControlPlane.State;

/// <summary>A watcher fell too far behind the live stream; it must watch again from its last revision.</summary>
public sealed class WatcherTooSlowException() : Exception("watcher fell too far behind; watch again from the last revision seen");
