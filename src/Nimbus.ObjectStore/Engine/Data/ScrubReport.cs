namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>What one scrub pass found: chunks checked, found corrupt, and repaired from another copy.</summary>
internal sealed record ScrubReport(long ChunksChecked, long CorruptChunks, long RepairedChunks, long BytesChecked, IReadOnlyList<string> CorruptChunkIds);
