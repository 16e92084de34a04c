namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>The outcome of verifying one chunk file.</summary>
internal enum ChunkCheck
{
    Ok,
    Corrupt,
    /// <summary>The file went away (released) while the scrubber got to it.</summary>
    Missing,
}
