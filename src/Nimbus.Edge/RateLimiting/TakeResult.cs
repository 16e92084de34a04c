namespace Nimbus.Edge.RateLimiting;

/// <summary>What <see cref="TokenBucket.TryTake"/> did.</summary>
internal enum TakeResult
{
    Taken,
    Denied,
    /// <summary>The bucket was evicted between lookup and use: look it up (or make it) again.</summary>
    Evicted,
}
