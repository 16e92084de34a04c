namespace Nimbus.Edge.RateLimiting;

/// <summary>Bounds of the per-client rate limiter.</summary>
internal sealed class ClientRateLimiterOptions
{
    /// <summary>Most client buckets kept, over all apps together. At the bound, buckets that are full again (which
    /// carry no state) go first, then the longest idle.</summary>
    public int MaxClients { get; set; } = 100_000;
}
