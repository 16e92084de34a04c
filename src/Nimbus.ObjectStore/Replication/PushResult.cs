namespace Nimbus.ObjectStore.Replication;

/// <summary>The outcome of pushing one chunk file to a peer.</summary>
internal enum PushResult
{
    Ok,
    /// <summary>The peer could not be reached or refused; try again later.</summary>
    Failed,
    /// <summary>The local chunk file is gone (the chunk was released): nothing left to push.</summary>
    SourceMissing,
}
