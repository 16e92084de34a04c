namespace Nimbus.ObjectStore.Engine;

/// <summary>Every copy of a chunk failed its checksum; no corrupt byte was returned.</summary>
public sealed class DataCorruptedException(string message) : IOException(message);
