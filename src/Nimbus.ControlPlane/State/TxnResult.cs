namespace Nimbus.ControlPlane.State;

/// <summary>Outcome of a transaction. On a failed compare, <see cref="FailedKey"/> names the key and
/// <see cref="Revision"/> is its current modification revision (0 when absent).</summary>
public readonly record struct TxnResult(TxnStatus Status, long Revision, string? FailedKey = null)
{
    public bool Succeeded => Status == TxnStatus.Ok;
}

public enum TxnStatus
{
    Ok,
    /// <summary>The key exists with another revision than expected (or exists when it must not).</summary>
    Conflict,
    /// <summary>A revision was expected but the key does not exist.</summary>
    NotFound,
}
