namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>What the header of a chunk file says (see <see cref="ChunkFormat"/>).</summary>
internal readonly record struct ChunkHeader(int BlockSize, long PlaintextLength, UInt128 ChunkId, bool Encrypted, ulong NoncePrefix);
