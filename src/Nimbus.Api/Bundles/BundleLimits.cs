namespace Nimbus.Api.Bundles;

/// <summary>What an extracted bundle may add up to. Exceeding either limit makes the bundle invalid.</summary>
public sealed record BundleLimits
{
    public static BundleLimits Default { get; } = new();

    /// <summary>Total bytes of file content once unpacked (counted as written, not as the headers claim).</summary>
    public long MaxTotalBytes { get; init; } = 1L << 30;

    /// <summary>Entries in the archive, folders included.</summary>
    public int MaxEntries { get; init; } = 100_000;
}
