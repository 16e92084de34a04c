namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>How often and how fast <see cref="ChunkScrubber"/> re-reads the chunk files.</summary>
public sealed class ChunkScrubberOptions
{
    /// <summary>Time between the starts of two passes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Disk read budget of a pass, so scrubbing does not starve requests; 0 means no limit.</summary>
    public long BytesPerSecond { get; set; } = 32 * 1024 * 1024;
}
