namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>Where and how <see cref="LocalDataStore"/> keeps object bytes.</summary>
public sealed class DataStoreOptions
{
    /// <summary>The node's data directory for objects: holds <c>chunks/</c> and <c>master.key</c>.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Bodies up to this many bytes live inside their layout (in the metadata store), not in a chunk file.</summary>
    public int InlineThreshold { get; set; } = 64 * 1024;

    /// <summary>Plaintext bytes per chunk file (a multiple of <see cref="BlockSize"/>); the unit of replication.</summary>
    public long ChunkSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Plaintext bytes per checksummed (and encrypted) block: the unit a range read or a scrub verifies.</summary>
    public int BlockSize { get; set; } = 64 * 1024;

    /// <summary>Every problem with the options (empty when they are usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Directory))
        {
            errors.Add("Directory is required");
        }
        if (InlineThreshold is < 0 or > 1024 * 1024)
        {
            errors.Add($"InlineThreshold must be between 0 and 1 MiB, not {InlineThreshold}");
        }
        if (BlockSize is < 16 or > 16 * 1024 * 1024)
        {
            errors.Add($"BlockSize must be between 16 bytes and 16 MiB, not {BlockSize}");
        }
        else if (ChunkSize < BlockSize || ChunkSize % BlockSize != 0 || ChunkSize / BlockSize > uint.MaxValue)
        {
            errors.Add($"ChunkSize must be a multiple of BlockSize ({BlockSize}), not {ChunkSize}");
        }
        return errors;
    }
}
