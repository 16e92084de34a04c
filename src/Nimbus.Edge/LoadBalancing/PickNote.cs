namespace Nimbus.Edge.LoadBalancing;

/// <summary>Why the load balancer chose what it chose, kept for the request's trace: how many instances it chose
/// among, how many it skipped, and the in-flight counts it compared. A value type, filled on the request path.</summary>
internal struct PickNote
{
    /// <summary>Instances the policy chose among.</summary>
    public int Candidates;
    /// <summary>Instances left out because passive health ejected them.</summary>
    public int Ejected;
    /// <summary>Every candidate was ejected, so all were tried anyway.</summary>
    public bool Panic;
    /// <summary>The instance the last try failed on was left out.</summary>
    public bool Retry;
    /// <summary>Requests in flight on the chosen instance when it was chosen.</summary>
    public int ChosenLoad;
    /// <summary>Power of two choices: requests in flight on the one it was compared with; -1 when there was none.</summary>
    public int RivalLoad;

    /// <summary>E.g. "p2c: 0 vs 2 in flight, 3 candidates, 1 ejected; retry".</summary>
    public readonly string Describe(string policy)
    {
        var text = RivalLoad >= 0
            ? $"{policy}: {ChosenLoad} vs {RivalLoad} in flight"
            : $"{policy}: {ChosenLoad} in flight";
        text += Candidates == 1 ? ", the only candidate" : $", {Candidates} candidates";
        if (Ejected > 0)
        {
            text += $", {Ejected} ejected";
        }
        if (Panic)
        {
            text += " (all ejected: tried anyway)";
        }
        return Retry ? text + "; retry on another instance" : text;
    }
}
