namespace Nimbus.ControlPlane.Resources;

/// <summary>Outcome of a write through <see cref="ResourceRepository{T}"/>.</summary>
public readonly record struct WriteResult<T>(WriteStatus Status, T? Value, long CurrentVersion = 0)
{
    public bool Succeeded => Status == WriteStatus.Ok;
}

public enum WriteStatus
{
    Ok,
    Conflict,
    NotFound,
    AlreadyExists,
}
