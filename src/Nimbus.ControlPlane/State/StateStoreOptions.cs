namespace Nimbus.ControlPlane.State;

public sealed class StateStoreOptions
{
    /// <summary>How many changes the log keeps for watches that resume from an old revision.</summary>
    public long HistoryLimit { get; set; } = 50_000;

    /// <summary>Events a slow watcher may fall behind by before it is cut off (it then resumes from its revision).</summary>
    public int WatchBuffer { get; set; } = 10_000;
}
