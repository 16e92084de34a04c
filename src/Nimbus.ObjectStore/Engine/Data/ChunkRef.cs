namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>A chunk a layout refers to: its id, its plaintext length, and the nodes holding copies (empty: this node only).</summary>
internal sealed record ChunkRef(string Id, long Length, IReadOnlyList<string> Replicas);
